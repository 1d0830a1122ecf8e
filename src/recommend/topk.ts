/**
 * The k highest scores' indices, highest first (ties: lower index first), among the indices
 * `allowed` accepts: one pass with a small sorted buffer, O(n log k) at worst, no sort of n.
 */
export function topK(scores: ArrayLike<number>, k: number, allowed: (i: number) => boolean): number[] {
  const out: number[] = [];
  if (k <= 0) return out;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (!(s === s) || (out.length === k && s <= scores[out[k - 1]]) || !allowed(i)) continue;
    // insert after every kept index of a score >= s (earlier indices win ties)
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (scores[out[mid]] >= s) lo = mid + 1;
      else hi = mid;
    }
    out.splice(lo, 0, i);
    if (out.length > k) out.pop();
  }
  return out;
}
