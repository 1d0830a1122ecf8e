import type { HistoryEvent } from '../features/types';

/** Limits every history store applies, from the options. */
export interface HistoryPolicy {
  /** Most events kept; the oldest are pruned beyond it. */
  limit: number;
  /** Events older than this many milliseconds are pruned. */
  ttlMs: number;
  /** The same item and event type again within this many milliseconds is one event (double clicks, repeated tracking calls). */
  coalesceMs: number;
}

/** How far ahead of this device's clock an event's time may be before it is treated as "now" (clock skew between tabs, devices or bad input). */
export const MAX_CLOCK_SKEW_MS = 60_000;

/** An event's time as stored: never in the future (beyond the allowed skew) and never before the epoch. */
export function clampTime(time: unknown, now: number): number {
  if (typeof time !== 'number') return now;
  if (!Number.isFinite(time) || time < 0) return now;
  return time > now + MAX_CLOCK_SKEW_MS ? now : time;
}

/**
 * Drops rapid duplicates from a batch: an event of the same item and type as one kept
 * less than `coalesceMs` earlier (in this batch or `previous`, the newest kept per
 * item+type) is not kept. Returns the kept events, in order, and updates `previous`.
 */
export function coalesce(batch: readonly HistoryEvent[], coalesceMs: number, previous: Map<string, number>): HistoryEvent[] {
  const kept: HistoryEvent[] = [];
  for (const e of batch) {
    const key = `${e.type}\u0000${e.item}`;
    const last = previous.get(key);
    if (last !== undefined && Math.abs(e.time - last) < coalesceMs) continue;
    previous.set(key, e.time);
    kept.push(e);
  }
  if (previous.size > 1000) previous.clear(); // a bound on memory; losing it only lets one duplicate through
  return kept;
}

/** Oldest time that survives the TTL. */
export const ttlCutoff = (policy: HistoryPolicy, now: number) => now - policy.ttlMs;
