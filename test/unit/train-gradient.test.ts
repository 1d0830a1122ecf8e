import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FEATURE_SPEC, type FeatureSpec, type HistoryEvent } from '../../src/features';
import { historyWeights } from './oracles/encode';
import { historyWeigher } from '../../src/model/arch/history';
import { jobShopper, prepareJob } from '../../src/model/arch/job';
import type { Session } from '../../cli/events';
import { ItemTable } from '../../cli/items';
import { Forward, SEQ_KEYS, SparseGrad, zeroSeqGrads, type Grads, type LossOptions, type Params } from '../../cli/train/model';
import { initParams, DEFAULT_TRAIN, makeExamples } from '../../cli/train/loop';
import { Rng } from '../../cli/train/rng';
import { packItemTokens } from '../../cli/train/tokens';
import { EVENT_TYPES } from '../../src/features/types';

const spec: FeatureSpec = { ...structuredClone(DEFAULT_FEATURE_SPEC), buckets: 64, historyLength: 4, recencyHalfLife: 2 };

function fixture() {
  const items = new ItemTable();
  const names = ['a', 'b', 'c', 'd', 'e', 'f'];
  names.forEach((n, i) => {
    items.intern(n);
    items.attrs[i] = { category: i % 2 ? 'x.y' : 'x.z', brand: i % 3 ? 'acme' : undefined, price: 10 + 7 * i };
  });
  const mk = (id: string, seq: number[], types: number[]): Session => ({ id, items: Int32Array.from(seq), types: Uint8Array.from(types), first: 0, end: seq.length - 1 });
  const sessions = [mk('s1', [0, 1, 2, 1, 3, 4], [0, 1, 2, 3, 0, 1]), mk('s2', [5, 0, 0, 2], [1, 1, 0, 3]), mk('s3', [3, 5], [0, 0])];
  const tok = packItemTokens(items, spec);
  const params: Params = initParams(spec, { ...DEFAULT_TRAIN, dim: 5, initStd: 0.5, tiedInit: false, shared: false }, new Rng(3));
  // v2's history parameters away from their init, so that every gradient term matters
  const rng = new Rng(9);
  for (const k of SEQ_KEYS) params.seq![k].forEach((_, i, a) => (a[i] = rng.normal() * 0.5));
  return { items, sessions, tok, params };
}

test("src/model/arch's v1 history weights equal src/features historyWeights", () => {
  const long = { ...spec, historyLength: 50, recencyHalfLife: 10 };
  const types = Uint8Array.from({ length: 60 }, (_, i) => (i * 7) % 4); // newest first
  const out = new Float64Array(50);
  historyWeigher(long)(types, 50, out);
  const events: HistoryEvent[] = Array.from(types, (t, i) => ({ item: `i${i}`, type: EVENT_TYPES[t], time: 0 }));
  assert.deepEqual(Array.from(out), Array.from(historyWeights(events, long)));
});

test("trainer shopper vector equals src/model/arch's for the same history as browser events (v1 and v2)", () => {
  const { items, sessions, tok, params } = fixture();
  const fwd = new Forward(spec, tok, sessions);
  const s = sessions[0];
  const u = new Float64Array(params.dim);
  const events: HistoryEvent[] = [4, 3, 2, 1, 0].map((p) => ({ item: items.ids[s.items[p]], type: EVENT_TYPES[s.types[p]], time: p, attrs: items.attrs[s.items[p]] }));
  for (const seq of [params.seq, undefined]) {
    const n = fwd.shopper({ ...params, seq }, s, 5, u, 0);
    assert.equal(n, spec.historyLength);
    const tables = { dim: params.dim, item: params.item, ctx: params.ctx, seq };
    const ref = jobShopper(prepareJob(events, [], spec, seq), tables);
    u.forEach((v, k) => assert.ok(Math.abs(v - ref[k]) < 1e-12, `${seq ? 'v2' : 'v1'}: ${v} vs ${ref[k]}`));
  }
});

const VARIANTS: { name: string; v1?: boolean; opts: Omit<LossOptions, 'logQ'> }[] = [
  { name: 'v1', v1: true, opts: {} },
  { name: 'v2', opts: {} },
  { name: 'v2 + history negatives, full scale', opts: { historyNegatives: true, fullScale: true } },
  { name: 'v2 without repeat term', opts: { historyNegatives: true, noRepeat: true } },
];

test('analytic gradients match central finite differences', () => {
  for (const variant of VARIANTS)
  for (const logQ of [undefined, Float64Array.from([0.1, -1, -2, 0.5, -0.3, -1.5])]) {
    const { sessions, tok, params: p0 } = fixture();
    const params: Params = variant.v1 ? { ...p0, seq: undefined } : p0;
    const opts: LossOptions = { ...variant.opts, logQ };
    const fwd = new Forward(spec, tok, sessions);
    const ex = makeExamples(sessions); // includes a duplicate target (item 0 twice) to exercise the mask
    const n = ex.length;
    const grads: Grads = { item: new SparseGrad(spec.buckets, params.dim), ctx: new SparseGrad(spec.buckets, params.dim), logScale: 0, fullLogScale: new Float64Array(1), seq: params.seq && zeroSeqGrads(params.seq) };
    params.logScale = Math.log(2);
    params.fullLogScale[0] = Math.log(3);
    fwd.loss(params, ex, 0, n, opts, grads);
    const lossAt = () => fwd.loss(params, ex, 0, n, opts);
    const eps = 1e-3;
    let checked = 0;
    const check = (label: string, table: Float32Array, i: number, analytic: number) => {
      const v = table[i];
      table[i] = v + eps;
      const up = lossAt();
      table[i] = v - eps;
      const down = lossAt();
      table[i] = v;
      const numeric = (up - down) / (2 * eps);
      assert.ok(Math.abs(numeric - analytic) < 1e-3 + 1e-2 * Math.abs(numeric), `${variant.name} ${label}: analytic ${analytic} numeric ${numeric}`);
      checked++;
    };
    for (const [name, table, g] of [['item', params.item, grads.item], ['ctx', params.ctx, grads.ctx]] as const) {
      assert.ok(g.rows.length > 0, `${name}: no rows touched`);
      for (const r of g.rows.slice(0, 6)) for (const k of [0, 3]) check(`${name}[${r},${k}]`, table, r * params.dim + k, g.g[r * params.dim + k]);
    }
    if (params.seq && grads.seq)
      for (const k of SEQ_KEYS) for (let i = 0; i < Math.min(4, params.seq[k].length); i++) check(`${k}[${i}]`, params.seq[k], i, grads.seq[k][i]);
    const s0 = variant.opts.fullScale ? params.fullLogScale[0] : params.logScale;
    const setScale = (v: number) => (variant.opts.fullScale ? (params.fullLogScale[0] = v) : (params.logScale = v));
    setScale(s0 + eps);
    const up = lossAt();
    setScale(s0 - eps);
    const down = lossAt();
    setScale(s0);
    const numeric = (up - down) / (2 * eps);
    const analytic = variant.opts.fullScale ? grads.fullLogScale[0] : grads.logScale;
    assert.ok(Math.abs(numeric - analytic) < 1e-4 + 1e-3 * Math.abs(numeric), `${variant.name} scale: analytic ${analytic} numeric ${numeric}`);
    // untouched rows get no gradient: the loss does not depend on them
    const untouched = Array.from({ length: spec.buckets }, (_, r) => r).find((r) => !grads.item.mark[r] && !grads.ctx.mark[r])!;
    const before = lossAt();
    params.item[untouched * params.dim] += 1;
    params.ctx[untouched * params.dim] += 1;
    assert.equal(lossAt(), before);
    assert.ok(checked >= 12);
  }
});
