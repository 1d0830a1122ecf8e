// The browser build's `@tensorflow/tfjs-core` (rollup.config.mjs aliases the bare name here, for
// this code and the backends alike): the engine and its required side effects, what the four
// backends import, and the functional ops the model calls; not tfjs-core's io (model loading,
// IndexedDB / localStorage routers), chained ops, gradients, optimizers or the rest of its ops.
// A name a backend needs and this file lacks fails the build.
import '@tensorflow/tfjs-core/dist/base_side_effects.js';

export * from '@tensorflow/tfjs-core/dist/globals.js';
export * from '@tensorflow/tfjs-core/dist/kernel_registry.js';
export * from '@tensorflow/tfjs-core/dist/kernel_names.js';
export { env } from '@tensorflow/tfjs-core/dist/environment.js';
export { DataStorage, KernelBackend } from '@tensorflow/tfjs-core/dist/backends/backend.js';
export { TensorBuffer } from '@tensorflow/tfjs-core/dist/tensor.js';
export { sumOutType, upcastType } from '@tensorflow/tfjs-core/dist/types.js';
export { nextFrame } from '@tensorflow/tfjs-core/dist/browser_util.js';
export * as backend_util from '@tensorflow/tfjs-core/dist/backends/backend_util.js';
export * as broadcast_util from '@tensorflow/tfjs-core/dist/ops/broadcast_util.js';
export * as device_util from '@tensorflow/tfjs-core/dist/device_util.js';
export * as kernel_impls from '@tensorflow/tfjs-core/dist/backends/kernel_impls.js';
export * as slice_util from '@tensorflow/tfjs-core/dist/ops/slice_util.js';
export * as util from '@tensorflow/tfjs-core/dist/util.js';
export { broadcastTo } from '@tensorflow/tfjs-core/dist/ops/broadcast_to.js';
export { buffer } from '@tensorflow/tfjs-core/dist/ops/buffer.js';
export { gather } from '@tensorflow/tfjs-core/dist/ops/gather.js';
export { matMul } from '@tensorflow/tfjs-core/dist/ops/mat_mul.js';
export { reshape } from '@tensorflow/tfjs-core/dist/ops/reshape.js';
export { scalar } from '@tensorflow/tfjs-core/dist/ops/scalar.js';
export { tensor } from '@tensorflow/tfjs-core/dist/ops/tensor.js';
export { tensor1d } from '@tensorflow/tfjs-core/dist/ops/tensor1d.js';
export { tensor2d } from '@tensorflow/tfjs-core/dist/ops/tensor2d.js';
export { tensor3d } from '@tensorflow/tfjs-core/dist/ops/tensor3d.js';
