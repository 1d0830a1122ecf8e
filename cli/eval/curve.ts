/**
 * HR@k and MRR@k for every k from 1 to K (default 20): the whole curve behind the HR@10 / HR@20 /
 * MRR@20 columns, for charts (`vitrine eval --json` writes it under `curves`). A rank of Infinity is a miss.
 */
export interface Curve {
  name: string;
  /** `k[i]` = i + 1. */
  k: number[];
  /** Share of predictions whose target ranked at k or better. */
  hr: number[];
  /** Mean of 1/rank over predictions, counting ranks above k as 0. */
  mrr: number[];
  n: number;
}

export class RankCurve {
  private readonly hits: Float64Array;
  private readonly recip: Float64Array;
  private n = 0;

  constructor(private readonly K = 20) {
    this.hits = new Float64Array(K);
    this.recip = new Float64Array(K);
  }

  add(rank: number): void {
    this.n++;
    if (rank <= this.K) {
      this.hits[rank - 1]++;
      this.recip[rank - 1] += 1 / rank;
    }
  }

  curve(name: string): Curve {
    const d = Math.max(this.n, 1);
    const r = (x: number) => Math.round((x / d) * 1e4) / 1e4;
    const hr: number[] = [];
    const mrr: number[] = [];
    let h = 0;
    let m = 0;
    for (let i = 0; i < this.K; i++) {
      h += this.hits[i];
      m += this.recip[i];
      hr.push(r(h));
      mrr.push(r(m));
    }
    return { name, k: Array.from({ length: this.K }, (_, i) => i + 1), hr, mrr, n: this.n };
  }
}
