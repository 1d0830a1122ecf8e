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

/** The context attributes tfjs's WebGL backend asks for (tfjs-backend-webgl canvas_util.ts): a probe that asks otherwise could say yes where tfjs then fails. */
const WEBGL_ATTRIBUTES: WebGLContextAttributes = { alpha: false, antialias: false, premultipliedAlpha: false, preserveDrawingBuffer: false, depth: false, stencil: false, failIfMajorPerformanceCaveat: true };

let webgl: boolean | undefined;

/**
 * Whether a WebGL context can be had the way tfjs's WebGL backend gets one (WebGL 2 on an
 * OffscreenCanvas or a canvas, else WebGL 1). Asked once per page, only before that backend is
 * tried; the probe's context is released at once. Without one, tfjs would log two lines and
 * print its own warning with a stack before failing.
 */
export function probeWebGL(): boolean {
  if (webgl !== undefined) return webgl;
  webgl = false;
  const canvases = [
    () => (typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(1, 1) : null),
    () => (typeof document !== 'undefined' ? document.createElement('canvas') : null),
  ];
  for (const type of ['webgl2', 'webgl'] as const)
    for (const make of canvases) {
      try {
        const gl = make()?.getContext(type, WEBGL_ATTRIBUTES) as WebGLRenderingContext | null | undefined;
        if (!gl) continue;
        gl.getExtension('WEBGL_lose_context')?.loseContext();
        return (webgl = true);
      } catch {
        // a canvas that throws counts as none
      }
    }
  return webgl;
}
