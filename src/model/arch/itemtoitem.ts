/**
 * Item-to-item signals of a model folder, and the per-store mix of the model's parts.
 *
 * Two sparse tables learned from the store's training log (cli/train/itemtoitem.ts), keyed by
 * item id (strings in the browser, item indices in the CLI):
 * - `successors`: for an item a, the items that came right after it in a session, with
 *   weight P(next = b | a) (repeats a -> a kept);
 * - `covisit`: for an item a, the items seen in the same sessions, weighted by closeness in
 *   the session (1 / distance), normalised per item.
 * Both are cut to their top entries per item under a size budget.
 *
 * Score of a candidate c for a history h (newest first):
 *   mix.twoTower * (shopper · item_c) + mix.repeat * repeat(c)
 *   + mix.successors * successors[h_0][c]
 *   + mix.covisit * sum over distinct history items h_j of recency(j) * covisit[h_j][c]
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
 * newest first), added into `out` (item key -> score): successors of the newest item, and the
 * co-visitation neighbours of every distinct history item by recency.
 */
export function addItemToItem<K>(tables: ItemTables<K>, mix: Mix, keys: ArrayLike<K>, n: number, out: Map<K, number>): void {
  if (n === 0) return;
  addList(tables.successors.get(keys[0]), mix.successors, out);
  if (mix.covisit === 0) return;
  const seen = new Set<K>();
  for (let j = 0; j < n; j++) {
    if (seen.has(keys[j])) continue;
    addList(tables.covisit.get(keys[j]), mix.covisit * linearDecay(seen.size), out);
    seen.add(keys[j]);
  }
}

/** Weights of a list of neighbours as stored: count / total, rounded to float32 (the CLI and the browser decode alike). */
export const storedWeight = (count: number, total: number): number => Math.fround(count / total);

/** The file format of the tables (`itemToItem` of the manifest), JSON: */
export const ITEM_TABLES_FORMAT = 'vitrine-item-to-item';
export const ITEM_TABLES_VERSION = 1;

/**
 * `{ format, v, ids: string[], successors: Row[], covisit: Row[] }`, a Row being
 * `[step, total, neighbour_1, count_1, neighbour_2, count_2, ...]` of whole numbers: neighbours
 * index `ids`; rows are in order of their source, the first row's step is its source's index and
 * each next row's source is the previous one's plus its step (>= 1); each weight is count / total.
 */
export interface ItemTablesFile {
  format: typeof ITEM_TABLES_FORMAT;
  v: typeof ITEM_TABLES_VERSION;
  ids: string[];
  successors: number[][];
  covisit: number[][];
}

const whole = (v: unknown, max: number): boolean => Number.isInteger(v) && (v as number) >= 0 && (v as number) < max;

/** Reads the tables file; throws naming the problem (the model is then not used). */
export function decodeItemTables(value: unknown): ItemTables<string> {
  const f = value as Partial<ItemTablesFile> | null;
  if (!f || f.format !== ITEM_TABLES_FORMAT || f.v !== ITEM_TABLES_VERSION) throw new Error(`item-to-item tables: expected format ${ITEM_TABLES_FORMAT} version ${ITEM_TABLES_VERSION}`);
  if (!Array.isArray(f.ids) || !f.ids.every((id) => typeof id === 'string')) throw new Error('item-to-item tables: ids must be strings');
  const ids = f.ids;
  const table = (rows: unknown, name: string): Map<string, Neighbours<string>> => {
    if (!Array.isArray(rows)) throw new Error(`item-to-item tables: ${name} must be a list`);
    const out = new Map<string, Neighbours<string>>();
    let source = -1;
    for (const row of rows as unknown[]) {
      if (!Array.isArray(row) || row.length < 2 || row.length % 2 !== 0 || !whole(row[0], ids.length) || (source >= 0 && row[0] === 0) || !(Number.isInteger(row[1]) && row[1] > 0)) throw new Error(`item-to-item tables: a ${name} row is malformed`);
      source = Math.max(source, 0) + row[0];
      if (source >= ids.length) throw new Error(`item-to-item tables: a ${name} row is malformed`);
      const m = (row.length - 2) / 2;
      const keys: string[] = [];
      const weights = new Float32Array(m);
      for (let i = 0; i < m; i++) {
        const nb = row[2 + 2 * i];
        const c = row[3 + 2 * i];
        if (!whole(nb, ids.length) || !(Number.isInteger(c) && c > 0 && c <= row[1])) throw new Error(`item-to-item tables: a ${name} row is malformed`);
        keys.push(ids[nb]);
        weights[i] = storedWeight(c, row[1]);
      }
      out.set(ids[source], { keys, weights });
    }
    return out;
  };
  return { successors: table(f.successors, 'successors'), covisit: table(f.covisit, 'covisit') };
}
