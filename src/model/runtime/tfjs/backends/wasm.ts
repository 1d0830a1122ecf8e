// The WASM backend without its stock kernel set: only the kernels the model runs (../kernels.ts).
// Kernels register before the backend initialises: their setup functions bind to the .wasm module then.
// The multi-threaded build (cross-origin-isolated pages only) is turned off: the browser build
// ships a stub for its glue (rollup.config.mjs slimTfjs), and these jobs are too small to split.
// base.js is imported for its side effect (it registers the 'wasm' backend), like the other backends'
// base.js, and setWasmPaths is wrapped rather than re-exported: an app's bundler that follows a
// re-export straight to its source (Turbopack does) would otherwise skip this module's body and
// base.js's registration ("Backend name 'wasm' not found in registry", test/react/next.test.ts).
import '@tensorflow/tfjs-backend-wasm/dist/base.js';
import { env, registerKernel } from '@tensorflow/tfjs-core';
import { setWasmPaths as setPaths } from '@tensorflow/tfjs-backend-wasm/dist/base.js';
import { batchMatMulConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/BatchMatMul.js';
import { gatherV2Config } from '@tensorflow/tfjs-backend-wasm/dist/kernels/GatherV2.js';
import { reshapeConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Reshape.js';

env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
for (const kernel of [gatherV2Config, batchMatMulConfig, reshapeConfig]) registerKernel(kernel);

/** Where tfjs fetches its .wasm files from (a folder URL ending in `/`). */
export function setWasmPaths(prefix: string): void {
  setPaths(prefix);
}
