/**
 * One epoch of train() in process on a log (default the 100k-event generated log), printing
 * examples/s, the loss and a hash of the trained tables and history parameters: an optimisation
 * of the trainer that must not change numerics keeps the hash. Usage:
 * tsx bench/train/fingerprint.ts [LOG_DIR] ['{"embLoss":"joint"}']
 */
import { createHash } from 'node:crypto';
import { loadData } from '../../cli/load';
import { DEFAULT_TRAIN, train } from '../../cli/train/loop';
import { packContentTokens, packItemTokens } from '../../cli/train/tokens';
import { DEFAULT_FEATURE_SPEC, type FeatureSpec } from '../../src/features/spec';
const dir = process.argv[2] ?? '.cache/bench-train/log-100k';
const extra = JSON.parse(process.argv[3] ?? '{}');
const data = await loadData({ train: `${dir}/train.csv`, catalog: `${dir}/catalog.csv` });
const spec = { ...structuredClone(DEFAULT_FEATURE_SPEC), recencyHalfLife: 1 } as FeatureSpec;
const tok = packItemTokens(data.items, spec);
const noId = packContentTokens(data.items, spec);
const t0 = Date.now();
const res = train(spec, tok, data.train, data.items.size, { ...DEFAULT_TRAIN, epochs: 1, ...extra }, true, noId);
const s = (Date.now() - t0) / 1000;
const h = createHash('sha256').update(new Uint8Array(res.params.item.buffer, res.params.item.byteOffset, res.params.item.byteLength));
for (const k of ['attnPos', 'attnType', 'repPos', 'repType'] as const) h.update(new Uint8Array(res.params.seq![k].buffer));
h.update(String(res.params.logScale) + ' ' + res.params.fullLogScale[0]);
console.log(JSON.stringify(extra), `${(res.examples / s).toFixed(0)} ex/s`, res.epochs.map((e) => e.loss).join(','), h.digest('hex').slice(0, 16));
