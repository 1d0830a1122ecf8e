/**
 * Single-thread trainer rate in process (no CLI, no item-to-item), one epoch per round (the
 * machine is shared: repeat). Usage: tsx bench/train/loop-rate.ts [LOG_DIR] [ROUNDS]
 */
import { loadData } from '../../cli/load';
import { DEFAULT_TRAIN, train } from '../../cli/train/loop';
import { packItemTokens } from '../../cli/train/tokens';
import { DEFAULT_FEATURE_SPEC, type FeatureSpec } from '../../src/features/spec';

const dir = process.argv[2] ?? '.cache/bench-train/log-100k';
const rounds = Number(process.argv[3] ?? 2);
const data = await loadData({ train: `${dir}/train.csv`, catalog: `${dir}/catalog.csv` });
const spec = { ...structuredClone(DEFAULT_FEATURE_SPEC), recencyHalfLife: 1 } as FeatureSpec;
const tok = packItemTokens(data.items, spec);
for (let r = 0; r < rounds; r++) {
  const t0 = Date.now();
  const res = train(spec, tok, data.train, data.items.size, { ...DEFAULT_TRAIN, epochs: 1 }, true);
  const s = (Date.now() - t0) / 1000;
  console.log(`round ${r + 1}: ${(res.examples / s).toFixed(0)} examples/s, loss ${res.epochs[0].loss.toFixed(4)}`);
}
