import { Rng } from '../../cli/train/rng';

/** A mean with its bootstrap 95% percentile interval. */
export interface Interval {
  mean: number;
  lo: number;
  hi: number;
}

/**
 * Cluster bootstrap over groups (sessions): each resample draws as many groups as there are, with
 * replacement, and recomputes `stat` from the values of the drawn groups. Returns the statistic on the
 * data and the 2.5th / 97.5th percentiles of the resamples. Seeded: the same data gives the same interval.
 */
export function bootstrap<G>(groups: readonly G[], stat: (drawn: readonly G[]) => number, resamples = 1000, seed = 1): Interval {
  const rng = new Rng(seed);
  const values: number[] = [];
  const drawn: G[] = new Array(groups.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < groups.length; i++) drawn[i] = groups[Math.floor(rng.next() * groups.length)];
    values.push(stat(drawn));
  }
  values.sort((a, b) => a - b);
  const at = (q: number) => values[Math.min(values.length - 1, Math.max(0, Math.round(q * (values.length - 1))))];
  return { mean: stat(groups), lo: at(0.025), hi: at(0.975) };
}

/** Mean of a per-prediction value over every prediction of the given groups. */
export function pooledMean<G>(groups: readonly G[], values: (g: G) => readonly number[]): number {
  let sum = 0;
  let n = 0;
  for (const g of groups)
    for (const v of values(g)) {
      sum += v;
      n++;
    }
  return n ? sum / n : 0;
}
