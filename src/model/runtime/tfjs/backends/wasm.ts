// The WASM backend without its stock kernel set: only the kernels the model runs (../kernels.ts).
// Kernels register before the backend initialises: their setup functions bind to the .wasm module then.
// The multi-threaded build (cross-origin-isolated pages only) is turned off: the browser build
// ships a stub for its glue (rollup.config.mjs slimTfjs), and these jobs are too small to split.
import { env, registerKernel } from '@tensorflow/tfjs-core';
import { batchMatMulConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/BatchMatMul.js';
import { gatherV2Config } from '@tensorflow/tfjs-backend-wasm/dist/kernels/GatherV2.js';
import { reshapeConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Reshape.js';

export { setWasmPaths } from '@tensorflow/tfjs-backend-wasm/dist/base.js';

env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
for (const kernel of [gatherV2Config, batchMatMulConfig, reshapeConfig]) registerKernel(kernel);
