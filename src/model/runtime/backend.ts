import * as tf from '@tensorflow/tfjs-core';
import type { BackendChoice, BackendName } from '../../common/types';
import type { Logger } from '../../common/log';

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

/**
 * Backends to try, best first: the one asked for, then the automatic order (WebGPU on
 * real hardware, WASM, WebGL, CPU). A software WebGPU adapter is only used when asked for by name.
 */
export function backendPlan(choice: BackendChoice, gpu: GpuProbe): BackendName[] {
  const auto: BackendName[] = [];
  if (gpu === 'hardware') auto.push('webgpu');
  if (typeof WebAssembly === 'object') auto.push('wasm');
  auto.push('webgl', 'cpu');
  return choice === 'auto' ? auto : [choice, ...auto.filter((b) => b !== choice)];
}

/** tfjs has one active backend per page: selections from several instances run one at a time. */
let exclusive: Promise<unknown> = Promise.resolve();

/** Activates the first backend of the plan that initialises; falls through on failure. */
export function selectBackend(choice: BackendChoice, wasmPaths: string, log: Logger): Promise<BackendName> {
  const run = exclusive.then(() => trySelect(choice, wasmPaths, log));
  exclusive = run.catch(() => {});
  return run;
}

async function trySelect(choice: BackendChoice, wasmPaths: string, log: Logger): Promise<BackendName> {
  const gpu = await probeWebGPU();
  if (choice === 'webgpu' && gpu === 'none') log.warn('backend "webgpu" was requested but this browser has no WebGPU adapter; falling back');
  for (const name of backendPlan(choice, gpu)) {
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
