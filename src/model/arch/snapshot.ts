import { jobIdTerm, jobOverlap, jobShopper, type HistoryPart } from './job';
import type { KnownIds } from './known';
import type { TowerTables } from './types';

/**
 * The snapshot's parts for a history (src/snapshot/format.ts): shopper · row for every row of the
 * item tower's table (the shopper vector already times the mix's two-tower weight), and the id
 * term per item id (repeat term and item-to-item part, mixed). scoreJob's scores are recovered
 * exactly from them: dotScores sums weight_t * (shopper · row) over an item's tokens, and the
 * id term adds the map's value for the candidate's id.
 */
export function snapshotParts(history: HistoryPart, tables: TowerTables): { rows: Float32Array; repeats: Map<string, number>; known?: KnownIds } {
  const { dim, item } = tables;
  const rows = new Float32Array(item.length / dim);
  // the known-id filter travels with the rows: the loader tokenises as the model does (an unknown id scores from content)
  const known = tables.known ? { known: tables.known } : {};
  if (history.n === 0) return { rows, repeats: new Map(), ...known };
  const u = jobShopper({ history }, tables);
  for (let b = 0; b < rows.length; b++) {
    let s = 0;
    for (let k = 0, base = b * dim; k < dim; k++) s += u[k] * item[base + k];
    rows[b] = s;
  }
  // the zero-shot overlap is a per-row addition (overlap.ts)
  for (const [b, v] of jobOverlap({ history }, tables)) rows[b] += v;
  return { rows, repeats: new Map(jobIdTerm({ history }, tables)), ...known };
}
