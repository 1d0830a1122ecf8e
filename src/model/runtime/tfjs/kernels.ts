/**
 * The tfjs kernels the model runs (kernel names, not op names): gathers of table rows and of
 * per-row products, matrix products (the per-candidate weighted sum is a batched one),
 * reshapes. Each backend module registers exactly these; nothing else of a backend's kernel
 * set is bundled.
 */
export const MODEL_KERNELS = ['GatherV2', 'BatchMatMul', 'Reshape'] as const;

/**
 * Largest shared dimension of the engine's matrix products (the model's dim, a candidate's
 * token count). Above 1000, tfjs WebGL turns a vector product into multiply + sum kernels,
 * which the browser build leaves out of its WebGL chunk (rollup.config.mjs slimTfjs); such
 * models run on the JS engine.
 */
export const MAX_SHARED_DIM = 1000;

/** Candidates per batched matrix product: WebGPU dispatches at most 65535 workgroups per dimension. */
export const MAX_BATCH = 32768;
