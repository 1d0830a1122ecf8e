import { loadData } from '../cli/load';
import { releaseGarbage, memoryNote } from '../cli/memory';
import { countItemPairs, itemTablesCap } from '../cli/train/itemtoitem';
import { splitByTime } from '../cli/train/mix';
const d = '.cache/bench-train/log-10m';
const data = await loadData({ train: `${d}/train.csv`, catalog: `${d}/catalog.csv` });
releaseGarbage(); memoryNote('loaded');
const sp = splitByTime(data.train, 0.1);
for (const [name, s] of [['view', sp.fit], ['full', data.train]] as const) {
  const t0 = Date.now();
  const c = countItemPairs(s, itemTablesCap(data.candidates.length));
  console.error(name, 'counted', Date.now() - t0, 'ms', c.succSeen, c.covSeen);
  memoryNote(name);
}
