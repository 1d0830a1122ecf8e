import { jobShopper, type HistoryPart } from './job';
import { repeatBoost } from './history';
import type { TowerTables } from './types';

/**
 * The snapshot's parts for a history (src/snapshot/format.ts): shopper · row for every row of the
 * item tower's table, and v2's repeat term per history item. scoreJob's scores are recovered
 * exactly from them: dotScores sums weight_t * (shopper · row) over an item's tokens, and the
 * repeat term adds repeatBoost(j) once per event j of the item.
 */
export function snapshotParts(history: HistoryPart, tables: TowerTables): { rows: Float32Array; repeats: Map<string, number> } {
  const { dim, item } = tables;
  const rows = new Float32Array(item.length / dim);
  const repeats = new Map<string, number>();
  if (history.n === 0) return { rows, repeats };
  const u = jobShopper({ history }, tables);
  for (let b = 0; b < rows.length; b++) {
    let s = 0;
    for (let k = 0, base = b * dim; k < dim; k++) s += u[k] * item[base + k];
    rows[b] = s;
  }
  if (tables.seq) for (let j = 0; j < history.n; j++) repeats.set(history.keys[j], (repeats.get(history.keys[j]) ?? 0) + repeatBoost(tables.seq, j, history.types[j]));
  return { rows, repeats };
}
