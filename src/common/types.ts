/**
 * Engines a model can run on: 'js' is the plain typed-array engine (no tfjs), the others
 * are tfjs backends; 'auto' picks per job by the measured policy (src/model/runtime/policy.ts).
 */
export type BackendChoice = 'auto' | 'js' | 'webgpu' | 'wasm' | 'webgl' | 'cpu';
export type BackendName = Exclude<BackendChoice, 'auto'>;
