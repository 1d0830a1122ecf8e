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
