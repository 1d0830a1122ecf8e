import type { BackendChoice, BackendName } from '../../common/types';
import type { GpuProbe } from './probe';

export type TfjsBackend = Exclude<BackendName, 'js'>;

/**
 * `auto`, from the engine table (BENCHMARKS.md, "Engines by job size"; 2 CPU cores, no GPU):
 * the JS engine was the fastest at every size measured, 48 to 100,000 candidates, end to end
 * and with the candidates prepared once (at 100,000 prepared: JS 2.3 ms, tfjs WASM 50 ms, CPU
 * and WebGL 93 ms, WebGPU on SwiftShader 1.9 s). So without a hardware GPU, `auto`
 * never loads tfjs. With a real (non-fallback) WebGPU adapter, jobs from this many candidates
 * go to tfjs WebGPU: here the JS engine's own work for them is about a GPU round trip
 * (dispatch + readback, a few ms), so smaller jobs cannot gain. This threshold is not measured
 * on a GPU (none was available); the catalog-wide top-K jobs of the next issue are where it
 * will be.
 */
export const AUTO_WEBGPU_FROM = 100_000;

/** Whether `auto` asks for the GPU adapter before a job: only for jobs a hardware adapter would take. */
export const probeFirst = (choice: BackendChoice, candidates: number): boolean => choice === 'auto' && candidates >= AUTO_WEBGPU_FROM;

/** Which engine runs a job of `candidates` items: 'js' never loads tfjs; a named tfjs backend always runs on tfjs; `auto` as above. */
export function jobEngine(choice: BackendChoice, candidates: number, gpu: GpuProbe): 'js' | 'tfjs' {
  if (choice === 'js') return 'js';
  if (choice !== 'auto') return 'tfjs';
  return gpu === 'hardware' && candidates >= AUTO_WEBGPU_FROM ? 'tfjs' : 'js';
}

/**
 * tfjs backends to try, best first; when none starts, the JS engine runs the job. `auto`: WebGPU
 * on a hardware adapter only (every other tfjs backend is slower than the JS engine). A named
 * backend: that one, then the others (WebGPU only on hardware, WASM where WebAssembly exists,
 * WebGL, CPU). A software WebGPU adapter (SwiftShader) is used only when asked for by name; with
 * no adapter at all, WebGPU is never tried, named or not (tfjs would set it up and warn twice).
 * WebGL is probed for a context just before it is tried (tfjs/backend.ts).
 */
export function tfjsPlan(choice: BackendChoice, gpu: GpuProbe, webAssembly = typeof WebAssembly === 'object'): TfjsBackend[] {
  if (choice === 'js') return [];
  if (choice === 'auto') return gpu === 'hardware' ? ['webgpu'] : [];
  const others: TfjsBackend[] = [];
  if (gpu === 'hardware') others.push('webgpu');
  if (webAssembly) others.push('wasm');
  others.push('webgl', 'cpu');
  const first = choice === 'webgpu' && gpu === 'none' ? [] : [choice];
  return [...first, ...others.filter((b) => b !== choice)];
}
