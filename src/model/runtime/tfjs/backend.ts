import * as tf from '@tensorflow/tfjs-core';
import type { Logger } from '../../../common/log';
import type { TfjsBackend } from '../policy';
import { probeWebGL } from '../probe';

/** Registers a backend by importing its slim module (each is its own lazily loaded chunk, with only the model's kernels). */
async function register(name: TfjsBackend, wasmPaths: string | undefined): Promise<void> {
  if (tf.findBackendFactory(name)) return;
  switch (name) {
    case 'webgpu':
      await import('./backends/webgpu');
      return;
    case 'wasm':
      {
      const wasm = await import('./backends/wasm');
      if (wasmPaths) wasm.setWasmPaths(wasmPaths);
      return;
    }
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
export function selectBackend(plan: readonly TfjsBackend[], wasmPaths: string | undefined, log: Logger): Promise<TfjsBackend> {
  const run = exclusive.then(() => trySelect(plan, wasmPaths, log));
  exclusive = run.catch(() => {});
  return run;
}

/** The smallest valid module: its header. */
const EMPTY_WASM = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

/**
 * Whether this page may compile WebAssembly: a Content Security Policy without
 * 'wasm-unsafe-eval' refuses it. Asked once, before the wasm backend is tried, so a blocked
 * backend costs one debug line and an immediate fall-through, not tfjs's failed load.
 */
let wasmAllowed: boolean | undefined;
function canCompileWasm(): boolean {
  if (wasmAllowed === undefined) {
    try {
      wasmAllowed = typeof WebAssembly === 'object' && new WebAssembly.Module(EMPTY_WASM) instanceof WebAssembly.Module;
    } catch {
      wasmAllowed = false;
    }
  }
  return wasmAllowed;
}

async function trySelect(plan: readonly TfjsBackend[], wasmPaths: string | undefined, log: Logger): Promise<TfjsBackend> {
  for (const name of plan) {
    if (name === 'wasm' && !canCompileWasm()) {
      log.debug("backend wasm skipped: this page may not compile WebAssembly (a Content Security Policy without 'wasm-unsafe-eval')");
      continue;
    }
    if (name === 'webgl' && !probeWebGL()) {
      log.debug('backend webgl skipped: no WebGL context can be created here');
      continue;
    }
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
