import * as tf from '@tensorflow/tfjs-core';
import type { Logger } from '../../../common/log';
import type { TfjsBackend } from '../policy';

/** Registers a backend by importing its slim module (each is its own lazily loaded chunk, with only the model's kernels). */
async function register(name: TfjsBackend, wasmPaths: string): Promise<void> {
  if (tf.findBackendFactory(name)) return;
  switch (name) {
    case 'webgpu':
      await import('./backends/webgpu');
      return;
    case 'wasm':
      (await import('./backends/wasm')).setWasmPaths(wasmPaths);
      return;
    case 'webgl':
      await import('./backends/webgl');
      return;
    case 'cpu':
      await import('./backends/cpu');
      return;
  }
}

/** tfjs has one active backend per page: selections from several instances run one at a time. */
let exclusive: Promise<unknown> = Promise.resolve();

/** Activates the first backend of the plan that initialises; falls through on failure. */
export function selectBackend(plan: readonly TfjsBackend[], wasmPaths: string, log: Logger): Promise<TfjsBackend> {
  const run = exclusive.then(() => trySelect(plan, wasmPaths, log));
  exclusive = run.catch(() => {});
  return run;
}

async function trySelect(plan: readonly TfjsBackend[], wasmPaths: string, log: Logger): Promise<TfjsBackend> {
  for (const name of plan) {
    try {
      await register(name, wasmPaths);
      if (await tf.setBackend(name)) {
        await tf.ready();
        return name;
      }
    } catch (error) {
      log.debug(`backend ${name} failed to initialise`, error);
    }
    log.debug(`backend ${name} unavailable, trying the next one`);
  }
  throw new Error(`no tfjs backend could be initialised (tried ${plan.join(', ')})`);
}
