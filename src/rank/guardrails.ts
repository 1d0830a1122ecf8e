/**
 * Merchandising guardrails: turn a desired order into the final one without breaking
 * the store's rules. Hard guarantees (property-tested): the result is a permutation;
 * pinned items keep their slot; no item moves more than `maxDisplacement` slots; an
 * out-of-stock item never ends above its page slot. The diversity cap (at most
 * `max` items of one group among the top `window` slots) is met whenever items of
 * other groups are available to fill in; it yields to the hard rules.
 */
export interface Guardrails {
  pinned?: ArrayLike<boolean>;
  outOfStock?: ArrayLike<boolean>;
  /** Most slots an item may move up or down from its page slot (Infinity: no limit). */
  maxDisplacement?: number;
  /** Group of each item (its category or brand) for the diversity cap. */
  groups?: ArrayLike<string | undefined>;
  diversity?: { max: number; window: number };
}

/**
 * `desired` lists item indices (page slots) in the order the ranking wants them; every
 * non-pinned index must appear once. Returns `order[slot] = item index`.
 */
export function applyGuardrails(n: number, desired: readonly number[], g: Guardrails = {}): number[] {
  const pinned = (i: number) => g.pinned?.[i] === true;
  const oos = (i: number) => g.outOfStock?.[i] === true;
  const maxD = g.maxDisplacement ?? Infinity;
  const order: number[] = new Array(n);
  const freeSlots: number[] = [];
  for (let s = 0; s < n; s++) (pinned(s) ? (order[s] = s) : freeSlots.push(s));

  // effective deadline of an item: the last free slot it may take (its page slot + maxDisplacement)
  const deadline = new Map<number, number>();
  for (const i of freeSlots) {
    let d = -1;
    for (const s of freeSlots) if (s <= i + maxD) d = s;
    deadline.set(i, d);
  }
  const placed = new Set<number>();
  const groupCount = new Map<string, number>();
  const countInWindow = (group: string | undefined) => (group === undefined ? 0 : (groupCount.get(group) ?? 0));
  if (g.diversity && g.groups) for (let s = 0; s < Math.min(n, g.diversity.window); s++) if (pinned(s)) bump(g.groups[s]);
  function bump(group: string | undefined) {
    if (group !== undefined) groupCount.set(group, (groupCount.get(group) ?? 0) + 1);
  }

  freeSlots.forEach((slot, k) => {
    let candidates = desired.filter((i) => !pinned(i) && !placed.has(i));
    // maxDisplacement: if the m+1 items with the earliest deadlines must all fit in the next m+1 free
    // slots, this slot goes to one of them (the first such m is the tightest set)
    const byDeadline = candidates.slice().sort((a, b) => deadline.get(a)! - deadline.get(b)! || a - b);
    for (let m = 0; m < byDeadline.length && k + m < freeSlots.length; m++) {
      if (deadline.get(byDeadline[m])! <= freeSlots[k + m]) {
        const tight = new Set(byDeadline.slice(0, m + 1));
        candidates = candidates.filter((i) => tight.has(i));
        break;
      }
    }
    const allowed = (i: number) => i - maxD <= slot && (!oos(i) || i <= slot);
    const diverse = (i: number) => !g.diversity || !g.groups || slot >= g.diversity.window || countInWindow(g.groups[i]) < g.diversity.max;
    const choice =
      candidates.find((i) => allowed(i) && diverse(i)) ??
      candidates.find(allowed) ??
      // the hard rules leave no choice: the earliest page slot still unplaced (never a promotion)
      candidates.reduce((a, b) => Math.min(a, b));
    order[slot] = choice;
    placed.add(choice);
    if (g.diversity && g.groups && slot < g.diversity.window) bump(g.groups[choice]);
  });
  return order;
}
