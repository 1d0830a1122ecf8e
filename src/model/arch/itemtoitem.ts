/**
 * Item-to-item signals of a model folder, and the per-store mix of the model's parts.
 *
 * Two sparse tables learned from the store's training log (cli/train/itemtoitem.ts), keyed by
 * item id (strings in the browser, item indices in the CLI):
 * - `successors`: for an item a, the items that came right after it in a session, with
 *   weight P(next = b | a) (repeats a -> a kept);
 * - `covisit`: for an item a, the items b seen in the same training sessions, with weight
 *   P(b in the session | a in the session) = sessions holding both / sessions holding a, and a
 *   itself with weight 1 (a session holds its own items): V-SKNN's score for a one-item history,
 *   whose neighbour sessions are all those holding a (Ludewig & Jannach 2018).
 * Both are cut to their heaviest pairs under a size budget (co-visitation pairs are stored once
 * for both directions).
 *
 * Score of a candidate c for a history h (newest first):
 *   mix.twoTower * (shopper · item_c) + mix.repeat * repeat(c)
 *   + mix.successors * successors[h_0][c]
 *   + mix.covisit * sum over distinct history items h_j of recency(j) * ([c = h_j] + covisit[h_j][c])
 * with recency the V-SKNN linear decay (newest 1, then 0.9, ... floor 0.1). Every term past the
 * dot product depends only on the history and the candidate's id: idTerm() gives them as one
 * sparse map, which is also what the shopper snapshot stores.
 */

/** Weights of the parts of a model's score (manifest `mix`); absent: the two-tower model as trained. */
export interface Mix {
  twoTower: number;
  repeat: number;
  successors: number;
  covisit: number;
}

export const MIX_PARTS = ['twoTower', 'repeat', 'successors', 'covisit'] as const;

/** The model as trained: the dot product and its own repeat term, no item-to-item part. */
export const IDENTITY_MIX: Readonly<Mix> = Object.freeze({ twoTower: 1, repeat: 1, successors: 0, covisit: 0 });

/** One item's neighbours and their weights. */
export interface Neighbours<K> {
  keys: K[];
  weights: Float32Array;
}

export interface ItemTables<K> {
  successors: Map<K, Neighbours<K>>;
  covisit: Map<K, Neighbours<K>>;
}

/** V-SKNN's linear recency weight of the r-th newest distinct history item (Ludewig & Jannach 2018): 1, 0.9, ... no lower than `floor`. */
export function linearDecay(r: number, step = 0.1, floor = 0.1): number {
  return Math.max(1 - step * r, floor);
}

function addList<K>(list: Neighbours<K> | undefined, w: number, out: Map<K, number>): void {
  if (!list || w === 0) return;
  for (let i = 0; i < list.keys.length; i++) out.set(list.keys[i], (out.get(list.keys[i]) ?? 0) + w * list.weights[i]);
}

/**
 * The item-to-item part of the score for a history (`keys`: item keys of the n newest events,
 * newest first), added into `out` (item key -> score): successors of the newest item, and for
 * every distinct history item by recency, the item itself and its co-visitation neighbours.
 */
export function addItemToItem<K>(tables: ItemTables<K>, mix: Mix, keys: ArrayLike<K>, n: number, out: Map<K, number>): void {
  if (n === 0) return;
  addList(tables.successors.get(keys[0]), mix.successors, out);
  if (mix.covisit === 0) return;
  const seen = new Set<K>();
  for (let j = 0; j < n; j++) {
    if (seen.has(keys[j])) continue;
    const w = mix.covisit * linearDecay(seen.size);
    out.set(keys[j], (out.get(keys[j]) ?? 0) + w);
    addList(tables.covisit.get(keys[j]), w, out);
    seen.add(keys[j]);
  }
}

/** Weights of a list of neighbours as stored: count / total, rounded to float32 (the CLI and the browser decode alike). */
export const storedWeight = (count: number, total: number): number => Math.fround(count / total);

/** The file format of the tables (`itemToItem` of the manifest), JSON: */
export const ITEM_TABLES_FORMAT = 'vitrine-item-to-item';
/** Version 2: session co-visitation with the item itself; version 1 files (window co-visits) are refused. */
export const ITEM_TABLES_VERSION = 2;

/**
 * `{ format, v, ids: string[], shared: number[], sessions: number[], successors: Row[], covisit: Row[] }`
 * of whole numbers. Item k's id is the first shared[k] characters of item k - 1's id, then
 * ids[k] (ids sorted, front-coded); sessions[k]: the training sessions holding item k (>= 1).
 * Rows are in order of their source: the first row's step is its source's index and each next
 * row's source is the previous one's plus its step (>= 1). A row's neighbours are in ascending
 * order, each written as the step from the one before (the first: from -1 for successors, from
 * the source for co-visitation, whose neighbours all come after it).
 * - successors: `[step, total, neighbour_1, count_1, ...]`, weight count / total;
 * - covisit: `[step, neighbour_1, count_1, ...]`, count = sessions holding both (at most the
 *   sessions of either): the weight of the neighbour b for the source a is count /
 *   sessions[a], and of a for b count / sessions[b].
 */
export interface ItemTablesFile {
  format: typeof ITEM_TABLES_FORMAT;
  v: typeof ITEM_TABLES_VERSION;
  ids: string[];
  shared: number[];
  sessions: number[];
  successors: number[][];
  covisit: number[][];
}

const whole = (v: unknown, max: number): boolean => Number.isInteger(v) && (v as number) >= 0 && (v as number) < max;
const count = (v: unknown, max: number): v is number => Number.isInteger(v) && (v as number) > 0 && (v as number) <= max;

/** Reads the tables file; throws naming the problem (the model is then not used). */
export function decodeItemTables(value: unknown): ItemTables<string> {
  const f = value as Partial<ItemTablesFile> | null;
  if (!f || f.format !== ITEM_TABLES_FORMAT || f.v !== ITEM_TABLES_VERSION) throw new Error(`item-to-item tables: expected format ${ITEM_TABLES_FORMAT} version ${ITEM_TABLES_VERSION}`);
  const { shared, sessions } = f;
  if (!Array.isArray(f.ids) || !f.ids.every((id) => typeof id === 'string') || !Array.isArray(shared) || shared.length !== f.ids.length) throw new Error('item-to-item tables: ids must be strings, with a shared prefix length each');
  const ids: string[] = [];
  for (let k = 0; k < f.ids.length; k++) {
    const prev = k ? ids[k - 1] : '';
    if (!whole(shared[k], prev.length + 1)) throw new Error('item-to-item tables: a shared prefix length is out of range');
    ids.push(prev.slice(0, shared[k]) + f.ids[k]);
    if (k && !(ids[k] > prev)) throw new Error('item-to-item tables: ids must be sorted and distinct');
  }
  if (!Array.isArray(sessions) || sessions.length !== ids.length || !sessions.every((v) => count(v, Infinity))) throw new Error('item-to-item tables: sessions must be one whole count >= 1 per id');
  /**
   * Each row's source index and its [neighbour, count] pairs (neighbour steps made indices),
   * checked; `head`: whole numbers before the pairs; `from`: the first neighbour's step is
   * from the source (else from -1).
   */
  const rowsOf = (rows: unknown, name: string, head: number, fromSource: boolean, each: (source: number, row: number[]) => void): void => {
    if (!Array.isArray(rows)) throw new Error(`item-to-item tables: ${name} must be a list`);
    let source = -1;
    for (const row of rows as unknown[]) {
      if (!Array.isArray(row) || row.length < head + 2 || (row.length - head) % 2 !== 0 || !whole(row[0], ids.length) || (source >= 0 && row[0] === 0)) throw new Error(`item-to-item tables: a ${name} row is malformed`);
      source = Math.max(source, 0) + row[0];
      if (source >= ids.length || !row.every((v, i) => i === 0 || (i >= head && (i - head) % 2 === 0 ? whole(v, ids.length + 1) : count(v, Infinity)))) throw new Error(`item-to-item tables: a ${name} row is malformed`);
      const abs = row.slice();
      for (let i = head, at = fromSource ? source : -1; i < abs.length; i += 2) {
        at = abs[i] = at + row[i];
        if (row[i] < 1 || at >= ids.length) throw new Error(`item-to-item tables: a ${name} row is malformed`);
      }
      each(source, abs);
    }
  };
  const successors = new Map<string, Neighbours<string>>();
  rowsOf(f.successors, 'successors', 2, false, (a, row) => {
    const m = (row.length - 2) / 2;
    const weights = new Float32Array(m);
    const keys: string[] = [];
    for (let i = 0; i < m; i++) {
      if (row[3 + 2 * i] > row[1]) throw new Error('item-to-item tables: a successors row is malformed');
      keys.push(ids[row[2 + 2 * i]]);
      weights[i] = storedWeight(row[3 + 2 * i], row[1]);
    }
    successors.set(ids[a], { keys, weights });
  });
  const lists = new Map<number, [number[], number[]]>();
  const push = (a: number, b: number, c: number) => {
    const l = lists.get(a) ?? lists.set(a, [[], []]).get(a)!;
    l[0].push(b);
    l[1].push(storedWeight(c, sessions[a]));
  };
  rowsOf(f.covisit, 'covisit', 1, true, (a, row) => {
    for (let i = 1; i < row.length; i += 2) {
      const b = row[i];
      const c = row[i + 1];
      if (b === a || c > sessions[a] || c > sessions[b]) throw new Error('item-to-item tables: a covisit row is malformed');
      push(a, b, c);
      push(b, a, c);
    }
  });
  const covisit = new Map<string, Neighbours<string>>();
  for (const [a, [keys, weights]] of lists) covisit.set(ids[a], { keys: keys.map((k) => ids[k]), weights: Float32Array.from(weights) });
  return { successors, covisit };
}
