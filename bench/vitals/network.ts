/**
 * Requests and bytes of one view over the network. The driver's record of the wire (CDP in
 * Chromium) says which requests went out; the page's Resource Timing `transferSize` fills in
 * a size the driver missed (CDP reports no total for a fetch whose body the page had read
 * before the load completed: the model files, often). Without a driver record, Resource
 * Timing alone is used (`transferSize` 0: from a cache).
 */
import type { SeenRequest } from './driver';

export interface NetworkTally {
  requests: number;
  bytes: number;
  /** Those of them under the SDK's paths (its script, runtime, model). */
  sdkRequests: number;
  sdkBytes: number;
}

/** A Resource Timing entry (and the navigation's, for the document). */
export interface TimedResource {
  name: string;
  transferSize: number;
}

/** Whether a URL is one of the SDK's files (its path under one of `sdkPaths`). */
export function underSdk(url: string, sdkPaths: readonly string[]): boolean {
  let pathname = url;
  try {
    pathname = new URL(url).pathname;
  } catch {
    // a bare path
  }
  return sdkPaths.some((p) => pathname.startsWith(p));
}

/** An expression returning the page's resources with their transfer sizes, the document first. */
export const TIMED_RESOURCES = `performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource')).map((e) => ({ name: e.name, transferSize: e.transferSize || 0 }))`;

export function tally(seen: readonly SeenRequest[] | null, timed: readonly TimedResource[], sdkPaths: readonly string[]): NetworkTally {
  const timedBytes = new Map<string, number>();
  for (const t of timed) timedBytes.set(t.name, Math.max(timedBytes.get(t.name) ?? 0, t.transferSize));
  const wire = seen
    ? seen.filter((r) => r.network).map((r) => ({ url: r.url, bytes: Math.max(r.bytes, timedBytes.get(r.url) ?? 0) }))
    : timed.filter((t) => t.transferSize > 0).map((t) => ({ url: t.name, bytes: t.transferSize }));
  const t: NetworkTally = { requests: 0, bytes: 0, sdkRequests: 0, sdkBytes: 0 };
  for (const r of wire) {
    t.requests++;
    t.bytes += r.bytes;
    if (underSdk(r.url, sdkPaths)) {
      t.sdkRequests++;
      t.sdkBytes += r.bytes;
    }
  }
  return t;
}
