import { readLocal } from '../common/local';
import { outboxKeys } from '../history/outbox';
import { decodeSnapshot, type ShopperSnapshot } from '../snapshot/format';
import { snapshotKey } from '../snapshot/store';
import type { RankItem } from './inputs';
import { resolveOptions, type VitrineOptions } from './options';
import { rankBySnapshot, snapshotArm, usable } from './snapshot-rank';

/**
 * What the device says about a list's order, read synchronously (no instance, no model, no
 * IndexedDB): `personalized` with the order the shopper snapshot gives (the model's own scores),
 * `page` when the page order is final on this device (no history, no consent to use it, the
 * holdout arm, no model), `unknown` when there is history the snapshot cannot order (not computed
 * yet, another model): only the model can tell.
 */
export type SnapshotOrder<T> = { status: 'personalized'; items: T[] } | { status: 'page' } | { status: 'unknown' };

/** The last snapshot decoded, by its stored text: several lists on a page decode it once. */
let decoded: { raw: string; snapshot: ShopperSnapshot | null } | null = null;

/**
 * The order of `items` from the shopper snapshot in localStorage, within the calling task: what a
 * framework can use in its first client render (or before the first paint after hydration), before
 * any instance exists. The same rules as the instance's own first view (blend, pins, out of stock,
 * displacement, diversity, holdout, consent). Never throws: any failure answers `unknown`.
 */
export function orderFromSnapshot<T extends RankItem>(input: VitrineOptions, items: readonly T[]): SnapshotOrder<T> {
  try {
    const { options } = resolveOptions(input);
    const gpc = typeof navigator !== 'undefined' && (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true;
    const consent = options.respectGPC && gpc ? 'denied' : options.consent;
    if (!options.model || consent !== 'granted') return { status: 'page' };
    const raw = readLocal(snapshotKey(options.dbName));
    if (raw === null) return outboxKeys(options.dbName).length > 0 ? { status: 'unknown' } : { status: 'page' };
    if (decoded?.raw !== raw) decoded = { raw, snapshot: decodeSnapshot(raw) };
    const snapshot = decoded.snapshot;
    if (!snapshot || snapshot.model !== options.model) return { status: 'unknown' };
    const arm = snapshotArm(snapshot, options.holdout);
    if (arm === 'holdout') return { status: 'page' };
    if (arm === null || !usable(snapshot)) return { status: 'unknown' };
    const list = items.slice();
    return { status: 'personalized', items: list.length < 2 ? list : rankBySnapshot(snapshot, list, options) };
  } catch {
    return { status: 'unknown' };
  }
}
