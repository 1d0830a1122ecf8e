import type { ModelManifest, EvalRow } from '../src/model/format';
import { markdownTable } from './eval/metrics';
import type { LoadedData } from './load';
import type { TrainConfig } from './train/loop';

/** Provenance of the datasets in data/ (see data/README.md), keyed by a word in the dataset label or file path. */
const PROVENANCE: Record<string, string> = {
  rees46:
    'REES46 "eCommerce behavior data from multi category store" (REES46 Marketing Platform, published on Kaggle as mkechinov/ecommerce-behavior-data-from-multi-category-store), October 2019, first 2h50m (2019-10-01 00:00 .. 02:50 UTC): 17,434 events, 5,066 sessions, 6,493 products. Real logs of a real store; research and evaluation data. Split: sessions whose first event is after 02:35 UTC are test, the rest train (`vitrine data rees46`). Catalog: each product\'s latest category_code, brand and price; no titles.',
  yoochoose:
    'RecSys Challenge 2015 (YooChoose) click logs, the "100k" slice prepared by the session-rec framework (Ludewig & Jannach): train 70,278 clicks / 17,794 sessions (2014-04-01 .. 04-07), test 13,568 clicks / 3,416 sessions (2014-04-07 .. 04-08). No product content.',
};

export interface CardInput {
  manifest: ModelManifest;
  cfg: TrainConfig;
  data: LoadedData;
  rows?: EvalRow[];
  dataset: string;
  command: string;
  trainSeconds: number;
  epochs: { loss: number; seconds: number; examplesPerSec: number }[];
  examples: number;
  contentOnly: boolean;
}

export function modelCard(c: CardInput): string {
  const m = c.manifest;
  const key = Object.keys(PROVENANCE).find((k) => `${c.dataset} ${c.command}`.toLowerCase().includes(k));
  const shipped = m.files.reduce((s, f) => s + f.bytes, 0);
  const f32 = 2 * m.features.buckets * m.dim * 4;
  const lines = [
    `# Model card: ${m.name}`,
    '',
    `- Version: \`${m.modelVersion}\` (created ${m.createdAt})`,
    `- Architecture: \`${m.arch}\` — ${c.cfg.shared ? 'one hashed-token embedding table (item_emb) shared by both towers' : 'two hashed-token embedding tables (item_emb, ctx_emb)'} of ${m.features.buckets} x ${m.dim}; score = shopper vector · item vector, shopper vector = recency/type-weighted sum of the history items' ctx embeddings (newest ${m.features.historyLength} events).`,
    `- Features: ${c.contentOnly ? 'content only (category path, brand, price band, title words; no item ids) — works for items and stores never seen in training' : 'item id + content (category path, brand, price band, title words)'}; field weights ${JSON.stringify(m.features.fieldWeights)}.`,
    `- Size: ${shipped.toLocaleString('en')} bytes shipped (uint8 affine per tensor) vs ${f32.toLocaleString('en')} bytes as float32.`,
    '',
    '## Data',
    '',
    key ? PROVENANCE[key] : 'Data supplied by the store (see the command below).',
    '',
    `Training: ${c.data.trainEvents.toLocaleString('en')} events in ${c.data.train.length.toLocaleString('en')} sessions, ${c.examples.toLocaleString('en')} next-event examples; ${c.data.items.size.toLocaleString('en')} items known (${c.data.catalogItems.toLocaleString('en')} from the catalog).`,
    '',
    '## Training',
    '',
    `Next-event prediction: for every position p >= 1 of every training session, the history (events before p, newest first) must pick event p's item against the other targets of the batch (in-batch softmax, duplicates of the positive masked${c.cfg.logQ ? ', logQ popularity correction' : ''}${c.cfg.learnScale ? ', learned scale' : ''}${c.cfg.shared ? '; one table trained for both towers, shipped once as item_emb' : ''}). Recency half-life: ${c.manifest.features.recencyHalfLife} event(s). Sparse ${c.cfg.optimizer} (lr ${c.cfg.lr}), batch ${c.cfg.batch}, ${c.cfg.epochs} epochs, seed ${c.cfg.seed}; rows never updated are zero.`,
    '',
    `| epoch | loss | examples/s |`,
    `|---:|---:|---:|`,
    ...c.epochs.map((e, i) => `| ${i + 1} | ${e.loss.toFixed(4)} | ${Math.round(e.examplesPerSec).toLocaleString('en')} |`),
    '',
    `Training time: ${c.trainSeconds.toFixed(1)} s on ${'a Node.js typed-array trainer (no tfjs), one thread'}.`,
    '',
    '## Evaluation',
    '',
  ];
  if (c.rows) {
    lines.push(
      `Held-out: \`${c.dataset}\`. Every next event of every test session is predicted from the events before it in that session, full ranking over every item known to train or the catalog (${c.data.candidates.length.toLocaleString('en')} items). Targets never seen in train count as misses for popularity and transition. "shipped" is the uint8 model in this folder.`,
      '',
      markdownTable(c.rows),
    );
  } else lines.push('No held-out evaluation was run (train without `--test`).');
  lines.push('', '## Reproduce', '', '```', c.command, '```', '');
  return lines.join('\n');
}
