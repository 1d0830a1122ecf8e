import * as tf from '@tensorflow/tfjs-core';
import type { BackendChoice, BackendName } from '../../core/types';
import type { Logger } from '../../core/log';

/** What the WebGPU probe found: no adapter, a software one (SwiftShader, fallback), or real hardware. */
export type GpuProbe = 'none' | 'software' | 'hardware';

interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean; architecture?: string; description?: string; vendor?: string };
}

export async function probeWebGPU(): Promise<GpuProbe> {
  const gpu = typeof navigator !== 'undefined' ? (navigator as Navigator & { gpu?: { requestAdapter(): Promise<AdapterLike | null> } }).gpu : undefined;
  if (!gpu) return 'none';
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return 'none';
    const info = adapter.info ?? {};
    const software = info.isFallbackAdapter === true || adapter.isFallbackAdapter === true || /swiftshader/i.test(`${info.architecture} ${info.description} ${info.vendor}`);
    return software ? 'software' : 'hardware';
  } catch {
    return 'none';
  }
}

/** Registers a backend by importing its module (each is its own lazily loaded chunk). */
async function register(name: BackendName, wasmPaths: string): Promise<void> {
  if (tf.findBackendFactory(name)) return;
  switch (name) {
    case 'webgpu':
      await import('@tensorflow/tfjs-backend-webgpu');
      return;
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(wasmPaths);
      return;
    }
    case 'webgl':
      await import('@tensorflow/tfjs-backend-webgl');
      return;
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return;
  }
}

/** Backends to try, best first. A software WebGPU adapter is only used when asked for by name. */
export async function backendPlan(choice: BackendChoice): Promise<BackendName[]> {
  if (choice !== 'auto') return choice === 'cpu' ? ['cpu'] : [choice, 'cpu'];
  const plan: BackendName[] = [];
  if ((await probeWebGPU()) === 'hardware') plan.push('webgpu');
  if (typeof WebAssembly === 'object') plan.push('wasm');
  plan.push('webgl', 'cpu');
  return plan;
}

/** Activates the first backend of the plan that initialises; falls through on failure. */
export async function selectBackend(choice: BackendChoice, wasmPaths: string, log: Logger): Promise<BackendName> {
  if (choice === 'webgpu' && (await probeWebGPU()) === 'none') log.warn('backend "webgpu" was requested but this browser has no WebGPU adapter; falling back');
  for (const name of await backendPlan(choice)) {
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
  throw new Error('no tfjs backend could be initialised (tried webgpu, wasm, webgl, cpu)');
}
