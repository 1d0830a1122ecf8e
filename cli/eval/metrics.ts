import type { EvalRow } from '../../src/model/format';

/** Accumulates ranking metrics; a rank of Infinity is a miss. */
export class Metrics {
  private hr10 = 0;
  private hr20 = 0;
  private mrr20 = 0;
  private ndcg10 = 0;
  n = 0;

  add(rank: number): void {
    this.n++;
    if (rank <= 10) {
      this.hr10++;
      this.ndcg10 += 1 / Math.log2(rank + 1);
    }
    if (rank <= 20) {
      this.hr20++;
      this.mrr20 += 1 / rank;
    }
  }

  row(name: string): EvalRow {
    const d = Math.max(this.n, 1);
    const r = (x: number) => Math.round((x / d) * 1e4) / 1e4;
    return { name, 'HR@10': r(this.hr10), 'HR@20': r(this.hr20), 'MRR@20': r(this.mrr20), 'NDCG@10': r(this.ndcg10), n: this.n };
  }
}

/**
 * 1-based rank of candidate `t` in `scores` (higher is better); ties are broken by
 * candidate order (lower index first), so ranks are deterministic and never optimistic.
 */
export function rankOf(scores: ArrayLike<number>, t: number): number {
  const st = scores[t];
  let rank = 1;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (s > st || (s === st && i < t)) rank++;
  }
  return rank;
}

export function formatTable(rows: readonly EvalRow[]): string {
  const cols = ['HR@10', 'HR@20', 'MRR@20', 'NDCG@10', 'n'] as const;
  const w = Math.max(6, ...rows.map((r) => r.name.length));
  const head = `${'method'.padEnd(w)}  ${cols.map((c) => c.padStart(7)).join(' ')}`;
  const lines = rows.map((r) => `${r.name.padEnd(w)}  ${cols.map((c) => (c === 'n' ? String(r.n) : r[c].toFixed(4)).padStart(7)).join(' ')}`);
  return [head, ...lines].join('\n');
}

export function markdownTable(rows: readonly EvalRow[]): string {
  const cols = ['HR@10', 'HR@20', 'MRR@20', 'NDCG@10', 'n'] as const;
  return [`| method | ${cols.join(' | ')} |`, `|---|${cols.map(() => '---:').join('|')}|`, ...rows.map((r) => `| ${r.name} | ${cols.map((c) => (c === 'n' ? String(r.n) : r[c].toFixed(4))).join(' | ')} |`)].join('\n');
}
