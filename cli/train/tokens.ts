import type { FeatureSpec } from '../../src/features/spec';
import { packTokens, tokenizer } from '../../src/model/arch/tokens';
import type { TokenRows } from '../../src/model/arch/types';
import { knownTest, type KnownIds } from '../../src/model/arch/known';
import type { ItemTable } from '../items';
import type { ArrayKind } from '../sessions';

/**
 * Every item's weighted token rows (src/model/arch packTokens): row i is item i of the table.
 * `known`: a model's known-id filter (items whose id it rejects are tokenised without their id,
 * as in the browser); absent: every id known.
 */
export function packItemTokens(items: ItemTable, spec: FeatureSpec, known?: KnownIds): TokenRows {
  return packTokens(items.size, (i) => items.item(i), tokenizer(spec, knownTest(known)));
}

/** Every item's token rows without its id token (the content alone): what an id the known-id filter rejects becomes; for id dropout in training. */
export function packContentTokens(items: ItemTable, spec: FeatureSpec): TokenRows {
  return packTokens(items.size, (i) => items.item(i), tokenizer(spec, () => false));
}

/** How pickRows makes its arrays: ordinary memory, or shared (cli/sessions.ts sharedArray) for the training threads. */
export type MakeArray = <T>(Kind: ArrayKind<T>, n: number) => T;
const plainArray: MakeArray = (Kind, n) => new Kind(n);

/** Row i of `a`, or of `b` where pick[i] is 1: the token rows of an epoch whose picked items lost their id (id dropout). */
export function pickRows(a: TokenRows, b: TokenRows, pick: Uint8Array, make: MakeArray = plainArray): TokenRows {
  const n = a.offsets.length - 1;
  const offsets = make(Int32Array, n + 1);
  for (let i = 0; i < n; i++) {
    const src = pick[i] ? b : a;
    offsets[i + 1] = offsets[i] + src.offsets[i + 1] - src.offsets[i];
  }
  const buckets = make(Int32Array, offsets[n]);
  const weights = make(Float32Array, offsets[n]);
  for (let i = 0; i < n; i++) {
    const src = pick[i] ? b : a;
    buckets.set(src.buckets.subarray(src.offsets[i], src.offsets[i + 1]), offsets[i]);
    weights.set(src.weights.subarray(src.offsets[i], src.offsets[i + 1]), offsets[i]);
  }
  return { offsets, buckets, weights };
}

/** The n newest events before position `pos` of a session, newest first: their type codes and item rows (into scratch arrays). */
export function recentEvents(s: { items: Int32Array; types: Uint8Array }, pos: number, n: number, types: Uint8Array, rows: Int32Array): void {
  for (let j = 0; j < n; j++) {
    types[j] = s.types[pos - 1 - j];
    rows[j] = s.items[pos - 1 - j];
  }
}
