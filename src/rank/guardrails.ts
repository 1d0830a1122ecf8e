import { NONE, PrefixMin, RangeAddMin } from './trees';

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
  /** Most slots an item may move up or down from its page slot (Infinity: no limit; a negative or NaN value counts as 0). */
  maxDisplacement?: number;
  /** Group of each item (its category or brand) for the diversity cap. */
  groups?: ArrayLike<string | undefined>;
  diversity?: { max: number; window: number };
}

/**
 * `desired` lists item indices (page slots) in the order the ranking wants them; every
 * non-pinned index should appear once (pinned, repeated or foreign entries are ignored;
 * a missing item ranks after the listed ones). Returns `order[slot] = item index`.
 *
 * The free (unpinned) slots are filled top to bottom. Each slot takes, in desired order,
 * the first item that may go there: one that has to (earliest-deadline feasibility: when
 * the items whose latest slot — page slot + maxDisplacement — falls within the next m
 * free slots are exactly m, the slot goes to one of them), is not promoted too far (nor
 * at all when out of stock) and, inside the diversity window, whose group is under its
 * cap; without a diverse one, the first allowed one. (There always is one: the earliest
 * unplaced page slot is at or above the current slot, so it is released, and it is among
 * the items due first.) O(n log n): a segment tree holds each deadline's slack, and
 * two more the released items by desired rank (all of them, and those of groups under the cap).
 */
const hasAny = (flags: ArrayLike<boolean> | undefined, n: number) => {
  if (flags) for (let i = 0; i < n; i++) if (flags[i] === true) return true;
  return false;
};

export function applyGuardrails(n: number, desired: readonly number[], g: Guardrails = {}): number[] {
  const d = g.maxDisplacement ?? Infinity;
  const maxD = d >= 0 ? d : 0;
  const pinned = (i: number) => g.pinned?.[i] === true;
  const order: number[] = new Array(n);
  const freeSlots: number[] = [];
  for (let s = 0; s < n; s++) (pinned(s) ? (order[s] = s) : freeSlots.push(s));
  const f = freeSlots.length;
  if (f === 0) return order;

  // desired rank of each free item (first mention wins; unlisted items follow in page order)
  const rankOf = new Int32Array(n).fill(-1);
  const itemAt: number[] = [];
  for (const i of desired) if (Number.isInteger(i) && i >= 0 && i < n && !pinned(i) && rankOf[i] === -1) rankOf[i] = itemAt.push(i) - 1;
  for (const i of freeSlots) if (rankOf[i] === -1) rankOf[i] = itemAt.push(i) - 1;
  // nothing to enforce beyond the pins (the usual case): the free slots take the desired order as it is
  if (maxD >= n && !g.diversity && !hasAny(g.outOfStock, n)) {
    for (let k = 0; k < f; k++) order[freeSlots[k]] = itemAt[k];
    return order;
  }

  // deadline of each free item: index (among free slots) of the last free slot within maxDisplacement below it;
  // it grows with the page slot, so the items due by a deadline are a prefix of the free items
  const deadline = new Int32Array(n);
  const lastDue = new Int32Array(f).fill(-1); // lastDue[r]: the highest page slot of an item due by free slot r
  for (let k = 0, p = 0; k < f; k++) {
    const i = freeSlots[k];
    while (p + 1 < f && freeSlots[p + 1] <= i + maxD) p++;
    deadline[i] = p;
    lastDue[p] = i;
  }
  for (let r = 1; r < f; r++) if (lastDue[r] === -1) lastDue[r] = lastDue[r - 1];
  // slack[r] = free slots from the current one to r, minus the unplaced items due by r (never below 0)
  let slack: RangeAddMin | null = null;
  if (maxD !== Infinity) {
    const due = new Int32Array(f);
    for (const i of freeSlots) due[deadline[i]]++;
    for (let r = 0, c = 0; r < f; r++) due[r] = r + 1 - (c += due[r]);
    slack = new RangeAddMin(due);
  }

  // release: the first slot an item may take (maxDisplacement above its page slot; never above it when out of stock)
  const release = new Float64Array(n);
  for (const i of freeSlots) release[i] = Math.max(i - maxD, g.outOfStock?.[i] === true ? i : -Infinity);
  const byRelease = freeSlots.slice().sort((a, b) => release[a] - release[b] || a - b);

  // diversity: counts per group in the top window (pinned items there count), and the items of each group
  const div = g.diversity && g.groups ? { max: g.diversity.max, window: g.diversity.window, groups: g.groups } : null;
  const counts = new Map<string | undefined, number>();
  const members = new Map<string | undefined, number[]>();
  const full = (group: string | undefined) => !((group === undefined ? 0 : (counts.get(group) ?? 0)) < div!.max);
  if (div) {
    for (let s = 0; s < Math.min(n, div.window); s++) if (pinned(s)) bump(div.groups[s]);
    for (const i of freeSlots) {
      const list = members.get(div.groups[i]);
      list ? list.push(i) : members.set(div.groups[i], [i]);
    }
  }
  function bump(group: string | undefined) {
    if (group !== undefined) counts.set(group, (counts.get(group) ?? 0) + 1);
  }

  const allowed = new PrefixMin(n); // released, unplaced items: their desired rank, by page slot
  const diverse = div ? new PrefixMin(n) : null; // the same, for groups under the cap
  let released = 0;

  for (let k = 0; k < f; k++) {
    const slot = freeSlots[k];
    for (; released < f && release[byRelease[released]] <= slot; released++) {
      const i = byRelease[released];
      allowed.set(i, rankOf[i]);
      if (diverse && !full(div!.groups[i])) diverse.set(i, rankOf[i]);
    }
    // the items this slot may take: all, or those due by the first deadline with no slack left
    const tight = slack ? slack.firstAtMost(k, 0) : -1;
    const last = tight === -1 ? n - 1 : lastDue[tight];
    let r = diverse && !(slot >= div!.window) ? diverse.prefix(last) : NONE;
    if (r === NONE) r = allowed.prefix(last);
    if (r === NONE) throw new Error('guardrails: no item may take a free slot (a bug; the page order is kept)');
    const choice = itemAt[r];

    order[slot] = choice;
    allowed.set(choice, NONE);
    diverse?.set(choice, NONE);
    // one slot fewer ahead for every deadline; one item fewer due for deadlines from the choice's on
    slack?.add(0, deadline[choice] - 1, -1);
    if (div && slot < div.window) {
      const group = div.groups[choice];
      bump(group);
      // a group at its cap leaves the diverse tree, once
      if (diverse && full(group) && members.has(group)) {
        for (const i of members.get(group)!) diverse.set(i, NONE);
        members.delete(group);
      }
    }
  }
  return order;
}
