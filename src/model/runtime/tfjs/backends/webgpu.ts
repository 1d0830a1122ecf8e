// The webgpu backend without its stock kernel set: only the kernels the model runs (../kernels.ts).
import '@tensorflow/tfjs-backend-webgpu/dist/base.js';
import { registerKernel } from '@tensorflow/tfjs-core';
import { batchMatMulConfig } from '@tensorflow/tfjs-backend-webgpu/dist/kernels/BatchMatMul.js';
import { gatherV2Config } from '@tensorflow/tfjs-backend-webgpu/dist/kernels/GatherV2.js';
import { reshapeConfig } from '@tensorflow/tfjs-backend-webgpu/dist/kernels/Reshape.js';

for (const kernel of [gatherV2Config, batchMatMulConfig, reshapeConfig]) registerKernel(kernel);
