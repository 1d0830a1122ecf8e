/** Compute backends a model can run on ('auto' picks by probing). */
export type BackendChoice = 'auto' | 'webgpu' | 'wasm' | 'webgl' | 'cpu';
export type BackendName = Exclude<BackendChoice, 'auto'>;
