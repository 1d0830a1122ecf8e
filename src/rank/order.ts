import { applyGuardrails, type Guardrails } from './guardrails';

export type { Guardrails } from './guardrails';

export interface OrderOptions extends Guardrails {
  /** 0..1: how far scores may move items from the page order. */
  blend: number;
}

/**
 * Final order of a list from the page's order and model scores.
 *
 * Each unpinned item gets a position key mixing its rank on the page and its rank by
 * score: key = (1 - blend) * pageRank + blend * scoreRank (both scaled to 0..1), so
 * `blend` bounds how far the model may move an item from where the page put it.
 * Out-of-stock items rank last by score (never promoted); the guardrails (pins,
 * maxDisplacement, diversity) then place them. Ties keep the page order, so equal or
 * missing scores change nothing. Returns a permutation: `order[slot]` is the input index shown there.
 */
export function finalOrder(scores: ArrayLike<number>, o: OrderOptions): number[] {
  const n = scores.length;
  const identity = Array.from({ length: n }, (_, i) => i);
  if (o.blend <= 0 || n < 2) return identity;
  for (let i = 0; i < n; i++) if (!Number.isFinite(scores[i])) return identity;

  const free = identity.filter((i) => !o.pinned?.[i]);
  const m = free.length;
  if (m < 2) return identity;
  const oos = (i: number) => (o.outOfStock?.[i] === true ? 1 : 0);
  const byScore = free.slice().sort((a, b) => oos(a) - oos(b) || scores[b] - scores[a] || a - b);
  const scoreRank = new Int32Array(n);
  byScore.forEach((idx, r) => (scoreRank[idx] = r));
  const key = new Float64Array(n);
  free.forEach((idx, pageRank) => (key[idx] = ((1 - o.blend) * pageRank + o.blend * scoreRank[idx]) / (m - 1)));
  const desired = free.slice().sort((a, b) => key[a] - key[b] || a - b);
  return applyGuardrails(n, desired, o);
}

/** Blend without guardrails but pins. */
export function blendOrder(scores: ArrayLike<number>, blend: number, pinned: ArrayLike<boolean> = []): number[] {
  return finalOrder(scores, { blend, pinned });
}

/** Applies a permutation from finalOrder to a list. */
export function applyOrder<T>(items: readonly T[], order: readonly number[]): T[] {
  return order.map((i) => items[i]);
}
