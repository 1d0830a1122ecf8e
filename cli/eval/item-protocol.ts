import type { EvalRow } from '../../src/model/format';
import type { Session } from '../events';
import type { Sessions } from '../sessions';
import { togetherLists } from '../train/catalog-pack';
import { covisitNeighbours } from '../train/pair-counts';
import { Metrics, rankOf } from './metrics';
import type { Scorer } from './scorers';

/**
 * The item-anchored protocol of `similar` and `bought-together` (issue 11): for every event p of
 * every test session (the anchor, as on a product page), the target is the next event of that
 * session with another item (a click, view or add-to-cart: the logs have few carts); each
 * method ranks every candidate but the anchor itself from the anchor alone. A target that is not
 * a candidate, or (for id methods) was never in train, is a miss.
 */
export interface ItemMethod {
  name: string;
  /** Scores of every candidate for the anchor item (index into the item table). */
  score: (anchor: number, out: Float64Array) => void;
  idOnly: boolean;
}

export function evaluateAnchored(test: Sessions, candidates: Int32Array, inTrain: Uint8Array, methods: readonly ItemMethod[]): EvalRow[] {
  const pos = new Map<number, number>();
  candidates.forEach((item, c) => pos.set(item, c));
  const metrics = methods.map(() => new Metrics());
  const scores = new Float64Array(candidates.length);
  for (const s of test)
    for (let p = 0; p < s.items.length - 1; p++) {
      const anchor = s.items[p];
      let q = p + 1;
      while (q < s.items.length && s.items[q] === anchor) q++;
      if (q === s.items.length) continue;
      const target = pos.get(s.items[q]);
      methods.forEach((m, i) => {
        let rank = Infinity;
        if (target !== undefined && !(m.idOnly && !inTrain[s.items[q]])) {
          m.score(anchor, scores);
          const a = pos.get(anchor);
          if (a !== undefined) scores[a] = -Infinity;
          rank = rankOf(scores, target);
        }
        metrics[i].add(rank);
      });
    }
  return methods.map((m, i) => metrics[i].row(m.name));
}

/** Baselines: popularity, and co-occurrence (train sessions holding both items, then popularity for ties and unknown anchors). */
export function anchoredBaselines(train: Sessions, counts: Float64Array, candidates: Int32Array): ItemMethod[] {
  const pos = new Map<number, number>();
  candidates.forEach((item, c) => pos.set(item, c));
  let max = 0;
  for (const c of counts) max = Math.max(max, c);
  const popular = Float64Array.from(candidates, (i) => counts[i] / (max + 1));
  const both = covisitNeighbours(train);
  return [
    { name: 'popularity', score: (_a, out) => out.set(popular), idOnly: true },
    {
      name: 'co-occurrence',
      score: (a, out) => {
        out.set(popular);
        const row = both.get(a);
        if (row) row.items.forEach((b, k) => pos.has(b) && (out[pos.get(b)!] += row.counts[k]));
      },
      idOnly: true,
    },
  ];
}

/**
 * The SDK's two kinds over a model scorer (cli/eval/model-scorer.ts): `similar` = the model's
 * scores for a history of one view of the anchor (as src/recommend/ asks it); `bought-together`
 * = the pack's list (cli/train/catalog-pack.ts togetherLists, from train) first, then `similar`
 * filling the rest, as the browser's fallback chain does.
 */
export function anchoredModel(name: string, model: Scorer, train: Sessions, candidates: Int32Array): ItemMethod[] {
  const pos = new Map<number, number>();
  candidates.forEach((item, c) => pos.set(item, c));
  const one: Session = { id: 'anchor', items: new Int32Array(2), types: new Uint8Array(2), first: 0, end: 0 };
  const similar = (a: number, out: Float64Array) => {
    one.items[0] = a;
    model(one, 1, out);
  };
  const lists = togetherLists(train);
  return [
    { name: `similar: ${name}`, score: similar, idOnly: false },
    {
      name: `bought-together: pack lists, then similar (${name})`,
      score: (a, out) => {
        similar(a, out);
        let top = -Infinity;
        for (const v of out) if (v > top) top = v;
        const list = lists.get(a)?.items ?? [];
        list.forEach((b, r) => pos.has(b) && (out[pos.get(b)!] = top + 1 + list.length - r));
      },
      idOnly: false,
    },
  ];
}
