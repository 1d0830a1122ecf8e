import type { BackendChoice, BackendName } from '../../common/types';
import type { GpuProbe } from './probe';

export type TfjsBackend = Exclude<BackendName, 'js'>;

/**
 * `auto` runs a job on the plain JS engine below this many candidates and on tfjs from it on
 * (BENCHMARKS.md, "Engines by job size").
 */
export const AUTO_TFJS_FROM = 50_000;

/** Which engine runs a job of `candidates` items: a named tfjs backend always runs on tfjs, 'js' never does. */
export function jobEngine(choice: BackendChoice, candidates: number): 'js' | 'tfjs' {
  if (choice === 'js') return 'js';
  if (choice !== 'auto') return 'tfjs';
  return candidates >= AUTO_TFJS_FROM ? 'tfjs' : 'js';
}

/**
 * tfjs backends to try, best first: the one asked for, then the automatic order (WebGPU on a
 * real adapter, WASM, WebGL, CPU). A software WebGPU adapter (SwiftShader) is used only when
 * asked for by name.
 */
export function tfjsPlan(choice: BackendChoice, gpu: GpuProbe, webAssembly = typeof WebAssembly === 'object'): TfjsBackend[] {
  const auto: TfjsBackend[] = [];
  if (gpu === 'hardware') auto.push('webgpu');
  if (webAssembly) auto.push('wasm');
  auto.push('webgl', 'cpu');
  return choice === 'auto' || choice === 'js' ? auto : [choice, ...auto.filter((b) => b !== choice)];
}
