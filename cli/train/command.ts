import path from 'node:path';
import { availableParallelism } from 'node:os';
import { writeFileSync } from 'node:fs';
import { DEFAULT_FEATURE_SPEC, type FeatureSpec } from '../../src/features/spec';
import type { EvalRow } from '../../src/model/format';
import { choice, num, parseFlags, str, UsageError, type FlagSpec, type NumRange } from '../args';
import { modelCard } from '../card';
import { evalRows } from '../eval/command';
import { formatTable } from '../eval/metrics';
import { COLUMN_FLAG_HELP } from '../help';
import { absentFields } from '../items';
import { loadData } from '../load';
import { memoryNote, peakRssMB, releaseGarbage } from '../memory';
import { eventFiles } from '../event-files';
import { checkInputFile, ensureWritableDir, prepareModelFolder, removeCreated } from '../paths';
import { CliError, quote } from '../errors';
import { readModelFolder, writeFloatCache, writeModelFolder } from '../model-io';
import { DEFAULT_TRAIN, EMB_LOSSES, TRAIN_SPEC_DEFAULTS, shippedTables, train as trainOnce, type Start, type TrainConfig, type TrainResult, type Validate } from './loop';
import type { Params } from './model';
import { modelScorer } from '../eval/model-scorer';
import { Metrics, rankOf } from '../eval/metrics';
import { OPTIMIZERS } from './optim';
import { trainThreads } from './threads';
import { applyInit, initEpochsRange, initSummary, startFrom, type InitModel } from './init';
import { packContentTokens, packItemTokens } from './tokens';
import { buildKnownIds, type KnownIds } from '../../src/model/arch/known';
import { everyKth, SessionLog, type Session, type Sessions } from '../sessions';
import { buildItemTables, countItemPairs, itemTablesCap, SUCCESSOR_SHARES } from './itemtoitem';
import { buildCatalogPack, PACK_TARGET_PER_50K, vectorBytes } from './catalog-pack';
import { clearlyBetter, collectBase, fitMix, pairedDifference, splitByTime, type MixFitResult } from './mix';
import type { Mix } from '../../src/model/arch/itemtoitem';
import type { TowerTables } from '../../src/model/arch/types';
import type { LoadedData } from '../load';

/** Peak resident memory of this process so far (maxRSS is in KiB). */

/** Share of the training sessions (the last by time) the mix is fitted on. */
export const VALIDATION_SHARE = 0.1;

/** Valid ranges of the numeric flags, checked before any file is read. */
export const TRAIN_RANGES = {
  epochs: { int: true, min: 1, max: 1000 },
  dim: { int: true, min: 1, max: 1024 },
  buckets: { int: true, min: 1, max: 1 << 22 },
  seed: { int: true, min: 0, max: 2 ** 32 - 1 },
  lr: { min: 1e-6, max: 10 },
  batch: { int: true, min: 2, max: 65536 },
  'half-life': { min: 0.01, max: 10000 },
  'history-length': { int: true, min: 1, max: 1000 },
  'id-dropout': { min: 0, max: 0.95 },
  patience: { int: true, min: 0, max: 1000 },
  threads: { int: true, min: 1, max: 256 },
} as const satisfies Record<string, NumRange>;

/** Without --threads: one thread per this many train events, up to the core count (workers cost a start; small logs train in seconds). */
export const EVENTS_PER_THREAD = 20_000;

/** Most weights in one embedding table (buckets x dim): 256 MB of float32, several copies while training. */
export const MAX_TABLE_WEIGHTS = 1 << 26;

const range = (f: keyof typeof TRAIN_RANGES) => `${TRAIN_RANGES[f].min} to ${TRAIN_RANGES[f].max}`;
/** A model name: goes into the model version and the float32 cache path. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const TRAIN_FLAGS: FlagSpec = {
  values: {
    events: 'training events: a CSV/TSV file (gzipped or not), a folder of part files or a glob (parts read in name order, each with its header): session,item,time[,type]',
    catalog: 'optional catalog CSV: item,title,category,brand,price',
    out: 'model folder to write (a new or empty folder; --force to write over a model)',
    init: 'fine-tune: start from this model folder\'s tables (e.g. models/base, or a folder vitrine train wrote); its feature spec, buckets, dim and architecture are kept (ids are added to a content-only model unless --content-only); rows it never trained start fresh; --epochs may be 0',
    test: 'optional held-out events: evaluated after training, rows go into manifest.eval and MODEL_CARD.md',
    epochs: `most passes over the training events (default ${DEFAULT_TRAIN.epochs}, ${range('epochs')}); fewer when early stopping ends training`,
    patience: `early stopping: stop when HR@20 on the validation split (the last ${VALIDATION_SHARE * 100}% of the sessions by time) has not improved for this many epochs, then train on all sessions for the best epoch count (default ${DEFAULT_TRAIN.patience}, ${range('patience')}; 0: always --epochs)`,
    dim: `embedding size (default ${DEFAULT_TRAIN.dim}, ${range('dim')})`,
    buckets: `rows of each hashed embedding table (default ${DEFAULT_FEATURE_SPEC.buckets}, ${range('buckets')})`,
    seed: `seed of init and shuffling (default ${DEFAULT_TRAIN.seed}, ${range('seed')})`,
    lr: `learning rate (default ${DEFAULT_TRAIN.lr}, ${range('lr')})`,
    batch: `examples per batch, also the in-batch negatives (default ${DEFAULT_TRAIN.batch}, ${range('batch')})`,
    optimizer: `${OPTIMIZERS.join(' | ')} (default ${DEFAULT_TRAIN.optimizer})`,
    'emb-loss': `${EMB_LOSSES.join(' | ')}: how the embeddings learn beside the repeat term (default ${DEFAULT_TRAIN.embLoss}; see cli/train/loop.ts)`,
    'half-life': `recency half-life of the shopper vector, in events (default ${TRAIN_SPEC_DEFAULTS.recencyHalfLife}, ${range('half-life')})`,
    'history-length': `newest events used for the shopper vector (default ${DEFAULT_FEATURE_SPEC.historyLength}, ${range('history-length')})`,
    'id-dropout': `share of the items trained without their id token each epoch, so the content stands in for ids the model never saw (default ${DEFAULT_TRAIN.idDropout}, ${range('id-dropout')})`,
    threads: `training threads (default: the core count, ${availableParallelism()} here, but one per ${EVENTS_PER_THREAD} train events; ${range('threads')}); above 1 the result varies from run to run (lock-free shared updates): --threads 1 for a reproducible model`,
    name: 'model name (default: the out folder name)',
    dataset: 'dataset label for the manifest and model card (default: the test file)',
    cache: 'where the float32 copy of the weights is kept (default .cache/vitrine)',
    ...COLUMN_FLAG_HELP,
  },
  booleans: {
    'content-only': 'no item-id features (fieldWeights.id = 0): a base model for any store',
    'no-logq': 'no log-popularity correction of in-batch logits',
    'fixed-scale': 'do not learn the softmax scale',
    'two-tables': 'train ctx_emb and item_emb separately (default: one shared table, exported as both)',
    'untied-init': 'with --two-tables: initialise ctx_emb independently of item_emb',
    'fixed-attention': 'v1 pooling: the spec\'s fixed recency/type weights instead of learned attention over history positions and event types',
    'no-repeat': 'no learned repeat term (score boost of candidates already in the history); with --fixed-attention: arch pooled-two-tower-v1',
    'no-history-negatives': 'do not add each example\'s own history items to its negatives',
    'no-known-ids': 'no known-id filter in the model folder: ids never trained are scored through the rows they hash into (the behaviour before the filter)',
    'no-item-to-item': 'no item-to-item tables and no fitted mix (the two-tower model alone, as trained); implied by --content-only',
    force: 'write the model into a non-empty --out folder (its model files are replaced)',
    quiet: 'no progress bar',
    help: 'show this help',
  },
  required: ['events', 'out'],
};

export async function trainCommand(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, TRAIN_FLAGS, 'train');
  const out = str(flags, 'out') as string;
  let cfg: TrainConfig = {
    ...DEFAULT_TRAIN,
    dim: num(flags, 'dim', DEFAULT_TRAIN.dim, TRAIN_RANGES.dim),
    epochs: num(flags, 'epochs', DEFAULT_TRAIN.epochs, flags.init !== undefined ? initEpochsRange(TRAIN_RANGES.epochs) : TRAIN_RANGES.epochs),
    seed: num(flags, 'seed', DEFAULT_TRAIN.seed, TRAIN_RANGES.seed),
    lr: num(flags, 'lr', DEFAULT_TRAIN.lr, TRAIN_RANGES.lr),
    batch: num(flags, 'batch', DEFAULT_TRAIN.batch, TRAIN_RANGES.batch),
    optimizer: choice(flags, 'optimizer', OPTIMIZERS, DEFAULT_TRAIN.optimizer),
    logQ: flags['no-logq'] !== true,
    learnScale: flags['fixed-scale'] !== true,
    shared: flags['two-tables'] !== true,
    tiedInit: flags['untied-init'] !== true,
    attention: flags['fixed-attention'] !== true,
    repeat: flags['no-repeat'] !== true,
    historyNegatives: flags['no-history-negatives'] !== true,
    embLoss: choice(flags, 'emb-loss', EMB_LOSSES, DEFAULT_TRAIN.embLoss),
    idDropout: num(flags, 'id-dropout', DEFAULT_TRAIN.idDropout, TRAIN_RANGES['id-dropout']),
    patience: num(flags, 'patience', DEFAULT_TRAIN.patience, TRAIN_RANGES.patience),
  };
  const threads = flags.threads !== undefined ? num(flags, 'threads', 1, TRAIN_RANGES.threads) : undefined;
  const base: FeatureSpec = structuredClone(DEFAULT_FEATURE_SPEC) as FeatureSpec;
  const fromModel = applyInit(flags, cfg, TRAIN_RANGES);
  if (fromModel) cfg = fromModel.cfg;
  const spec: FeatureSpec = fromModel?.spec ?? {
    ...base,
    buckets: num(flags, 'buckets', base.buckets, TRAIN_RANGES.buckets),
    recencyHalfLife: num(flags, 'half-life', TRAIN_SPEC_DEFAULTS.recencyHalfLife, TRAIN_RANGES['half-life']),
    historyLength: num(flags, 'history-length', base.historyLength, TRAIN_RANGES['history-length']),
    fieldWeights: { ...base.fieldWeights, ...(flags['content-only'] ? { id: 0 } : {}) },
  };
  if (spec.buckets * cfg.dim > MAX_TABLE_WEIGHTS) {
    throw new UsageError(`--buckets ${spec.buckets} x --dim ${cfg.dim} = ${spec.buckets * cfg.dim} weights per table, over the ${MAX_TABLE_WEIGHTS} that fit in memory: lower --buckets or --dim`);
  }
  const given = str(flags, 'name');
  if (given !== undefined && !NAME.test(given)) throw new UsageError(`--name ${quote(given)}: expected 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit`);
  const name = given ?? (path.basename(path.resolve(out)).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 64) || 'model');
  const files = { events: str(flags, 'events') as string, catalog: str(flags, 'catalog'), test: str(flags, 'test') };
  // events and test may be a file, a folder of part files or a glob (cli/event-files.ts)
  for (const [flag, file] of Object.entries(files)) if (file !== undefined) (flag === 'catalog' ? checkInputFile(file, flag) : eventFiles(file, flag));
  const cacheDir = str(flags, 'cache') ?? '.cache/vitrine';
  // outputs are proved writable before any data is read; folders made here go again if the run fails
  const created = prepareModelFolder(out, flags.force === true);
  try {
    created.push(...ensureWritableDir(cacheDir, 'cache'));
    await trainInto(out, name, cacheDir, files, flags, cfg, spec, argv, threads, fromModel?.init);
  } catch (err) {
    removeCreated(created);
    throw err;
  }
}

/** `given`: --threads, when given (else one per EVENTS_PER_THREAD train events, up to the cores). */
async function trainInto(out: string, name: string, cacheDir: string, files: { events: string; catalog?: string; test?: string }, flags: Record<string, string | true>, cfg: TrainConfig, spec: FeatureSpec, argv: string[], given: number | undefined, init?: InitModel): Promise<void> {
  const t0 = Date.now();
  const data = await loadData({
    train: files.events,
    test: files.test,
    catalog: files.catalog,
    columns: flags as Record<string, string>,
    catalogColumns: flags as Record<string, string>,
  });
  if (!data.train.some((s) => s.items.length >= 2)) {
    throw new CliError('no session has 2 or more events: nothing to learn from (each example predicts an event from the ones before it in its session); check --session-col', { file: files.events });
  }
  for (const w of data.warnings) console.error(`warning: ${w}`);
  releaseGarbage(); // the reader's buffers
  memoryNote('loaded');
  // a field the training data never has would only dilute the embeddings of pages that do send it
  const absent = absentFields(data.items);
  for (const f of absent) spec.fieldWeights[f] = 0;
  if (absent.length) console.error(`no item has ${absent.join(', ')}: ${absent.length > 1 ? 'those fields get' : 'that field gets'} weight 0`);
  const tok = packItemTokens(data.items, spec);
  const start = init && startFrom(init.tables, spec, cfg);
  if (init) console.error(initSummary(init, spec));
  const noId = spec.fieldWeights.id > 0 && cfg.idDropout > 0 ? packContentTokens(data.items, spec) : undefined;
  const withKnown = spec.fieldWeights.id > 0 && flags['no-known-ids'] !== true;
  const known = withKnown ? trainedIds(data.train, data.items.ids) : undefined;
  releaseGarbage(); // packing the token rows made garbage of about their size per item
  memoryNote('tokens');
  console.error(`read ${data.trainEvents} train events in ${data.train.length} sessions, ${data.items.size} items (${data.catalogItems} in catalog) in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  const quiet = flags.quiet === true;
  const threads = given ?? Math.max(1, Math.min(availableParallelism(), Math.floor(data.trainEvents / EVENTS_PER_THREAD)));
  if (threads > 1) console.error(`training on ${threads} threads (--threads 1 for a reproducible model)`);
  const train: Trainer = (...a) => (threads > 1 && a[4].epochs > 0 ? trainThreads(threads, ...a) : trainOnce(...a));
  const withItems = flags['no-item-to-item'] !== true && flags['content-only'] !== true;
  const { fit, epochs, stopped } = withItems || cfg.patience > 0 ? await onValidationSplit(data, spec, tok, cfg, { train, noId, start, withKnown, withItems, quiet }) : { epochs: cfg.epochs };
  releaseGarbage(); // the validation run's garbage
  const result = await train(spec, tok, data.train, data.items.size, { ...cfg, epochs }, quiet, noId, undefined, start);
  const trainSeconds = result.epochs.reduce((s, e) => s + e.seconds, 0);
  memoryNote('training');
  const items = withItems ? buildItemTables(data.train, data.items.ids, data.candidates.length, fit?.share) : undefined;
  if (items) console.error(`item-to-item tables: ${items.rows.ids} ids, ${items.kept.successors[0]} of ${items.kept.successors[1]} successor pairs, ${items.kept.covisit[0]} of ${items.kept.covisit[1]} co-visitation pairs, ${items.gzipBytes} bytes gzip (budget ${items.budgetBytes} for ${data.candidates.length} items)`);
  memoryNote('item-to-item tables');
  const mix: Mix | undefined = fit?.mix;
  const tables: TowerTables = { dim: cfg.dim, item: result.params.item, ctx: result.params.ctx, seq: result.params.seq, mix, items: items?.tables, known };
  const dataset = str(flags, 'dataset') ?? (files.test ? path.relative(process.cwd(), path.resolve(files.test)) : 'none');
  const pack = data.catalog.length ? packReport(data, tok, result.params.item, cfg.dim) : undefined;
  memoryNote('catalog pack');
  const extras = { itemTables: items?.text, catalog: pack?.text, mix, mixFit: fit && { sessions: fit.sessions, events: fit.events, rows: fit.rows, successorShare: fit.share, shares: fit.shares } };

  // write once to quantize, evaluate the shipped tables, then write the manifest with the eval
  let manifest = writeModelFolder(out, { name, spec, tables, ...extras });
  let rows: EvalRow[] | undefined;
  if (data.test.length) {
    const shipped = readModelFolder(out).tables;
    rows = evalRows(data, spec, [
      { name: 'model (float32)', tables },
      { name: 'model (shipped)', tables: shipped },
    ]);
    console.log(formatTable(rows));
    manifest = writeModelFolder(out, { name, spec, tables, ...extras, eval: { dataset, rows }, date: new Date(manifest.createdAt) });
  }
  const cache = writeFloatCache(cacheDir, manifest.modelVersion, tables);
  const command = `vitrine train ${argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ')}`;
  writeFileSync(
    path.join(out, 'MODEL_CARD.md'),
    modelCard({ manifest, cfg, data, rows, dataset, command, trainSeconds, threads, epochs: result.epochs, examples: result.examples, contentOnly: flags['content-only'] === true, seq: result.params.seq, items, fit, stopped }),
  );
  const bytes = manifest.files.reduce((s, f) => s + f.bytes, 0);
  console.error(`wrote ${out} (${manifest.modelVersion}, ${(bytes / 1024).toFixed(0)} KiB; float32 copy: ${cache}) in ${((Date.now() - t0) / 1000).toFixed(1)}s; peak RSS ${peakRssMB()} MB`);
}

type Trainer = (...a: Parameters<typeof trainOnce>) => ReturnType<typeof trainOnce> | Promise<ReturnType<typeof trainOnce>>;

/**
 * What the validation split (the last sessions by time) decides: the epochs (early stopping,
 * with --patience) and the fitted mix (with the item-to-item tables). Its own function, so the
 * split's copy of the log is garbage before the final training on all sessions starts.
 */
async function onValidationSplit(data: LoadedData, spec: FeatureSpec, tok: ReturnType<typeof packItemTokens>, cfg: TrainConfig, o: { train: Trainer; noId?: ReturnType<typeof packContentTokens>; start?: Start; withKnown: boolean; withItems: boolean; quiet: boolean }): Promise<{ fit?: ReturnType<typeof fitOnValidation>; epochs: number; stopped?: { epochs: number; validation: number } }> {
  const split = validationSplit(data);
  if (!split) {
    console.error('validation: too few sessions for a validation split; training for --epochs and the model ships as trained');
    return { epochs: cfg.epochs };
  }
  console.error(`validation: training on ${split.fit.length} sessions, validating on the last ${split.validation.length} by time`);
  // the validation events are scored as the browser would score them: ids not in `fit` fall back to content
  const known = o.withKnown ? trainedIds(split.fit, data.items.ids) : undefined;
  const valTok = known ? packItemTokens(data.items, spec, known) : tok;
  releaseGarbage(); // the split's sort and the token rows' garbage, before the training threads start
  memoryNote('validation split');
  const validate = cfg.patience > 0 ? validationHr20(split.validation, spec, valTok, data.candidates, data.items.ids) : undefined;
  const r = await o.train(spec, tok, split.fit, data.items.size, cfg, o.quiet, o.noId, validate, o.start);
  let epochs = cfg.epochs;
  let stopped: { epochs: number; validation: number } | undefined;
  if (validate) {
    epochs = r.bestEpochs;
    stopped = { epochs, validation: r.epochs[epochs - 1].validation! };
    console.error(`early stopping: ${epochs} of at most ${cfg.epochs} epochs (validation HR@20 ${stopped.validation.toFixed(4)} on ${validate.events} events); training on all sessions for ${epochs}`);
  }
  const fit = o.withItems ? fitOnValidation(data, split, valTok, r, spec, cfg) : undefined;
  memoryNote('validation training and mix fit');
  return { fit, epochs, stopped };
}

/**
 * The mix of the model's parts, fitted on the store's own log: the two-tower model and the
 * item-to-item tables are trained on all sessions but the last VALIDATION_SHARE by time, and the
 * weights fitted on those last sessions (cli/train/mix.ts), once per split of the tables' size
 * budget between successors and co-visitation (SUCCESSOR_SHARES, from all co-visitation): a
 * share replaces the one kept so far only when its fit is clearly better on the split
 * (clearlyBetter: by more than two standard errors of the paired difference), so the successors
 * get budget only where the store's own sessions show they earn it. Undefined when the split has
 * nothing to fit on (then the model ships as trained, with its tables unweighted).
 */
/** The known-id filter of the items with an event in `sessions` (the ids the model's id rows are trained on). */
function trainedIds(sessions: Sessions, ids: readonly string[]): KnownIds {
  const seen = new Uint8Array(ids.length);
  // a log's events read in place: no Session view per session
  if (sessions instanceof SessionLog) for (let s = 0; s < sessions.length; s++) for (let e = sessions.begin(s); e < sessions.end(s); e++) seen[sessions.items[e]] = 1;
  else for (const s of sessions) s.items.forEach((i) => (seen[i] = 1));
  return buildKnownIds(ids.filter((_, i) => seen[i]));
}

/** The validation split of the training sessions (splitByTime), or undefined when either side has nothing to predict. */
function validationSplit(data: LoadedData): { fit: Sessions; validation: Sessions } | undefined {
  const split = splitByTime(data.train, VALIDATION_SHARE);
  const predicts = (x: Sessions) => { for (const s of x) if (s.items.length >= 2) return true; return false; };
  return predicts(split.fit) && predicts(split.validation) ? split : undefined;
}

/** Most validation predictions scored after each epoch: sessions are sampled evenly down to about this many. */
export const VALIDATION_EVENTS = 4000;
/**
 * Most validation predictions the mix is fitted on (every k-th session beyond): each is ranked
 * against every candidate once per successor share; all of a 10 M-event log's 700k took hours.
 * The shared datasets' splits hold fewer (REES46 2,947), so their fits are unchanged.
 */
export const MIX_EVENTS = 20_000;

/**
 * HR@20 of the two-tower model (no mix, no item-to-item tables) on a sample of the validation
 * sessions, as `vitrine eval` ranks: every event p >= 1 predicted from the ones before it,
 * against all candidates, a target outside them a miss. The sample is every k-th session
 * (cli/sessions.ts everyKth, to about VALIDATION_EVENTS predictions), the same each epoch.
 */
function validationHr20(validation: Sessions, spec: FeatureSpec, tok: ReturnType<typeof packItemTokens>, candidates: Int32Array, ids: readonly string[]): Validate & { events: number } {
  const sample = [...everyKth(validation, VALIDATION_EVENTS)].filter((s) => s.items.length >= 2);
  const col = new Map<number, number>();
  candidates.forEach((item, c) => col.set(item, c));
  const scores = new Float64Array(candidates.length);
  const events = sample.reduce((n, s) => n + s.items.length - 1, 0);
  const validate = (params: Params, touched: TrainResult['touched']) => {
    const score = modelScorer(spec, tok, shippedTables(params, touched), candidates, ids);
    const m = new Metrics();
    for (const s of sample)
      for (let p = 1; p < s.items.length; p++) {
        const c = col.get(s.items[p]);
        if (c === undefined) m.add(Infinity);
        else {
          score(s, p, scores);
          m.add(rankOf(scores, c));
        }
      }
    return m.row('validation')['HR@20'];
  };
  return Object.assign(validate, { events });
}

/**
 * The mix fit (see above) on the validation split, from the model `r` trained on its fit split;
 * `valTok`: the token rows with the known-id filter of the fit split.
 */
function fitOnValidation(data: LoadedData, split: { fit: Sessions; validation: Sessions }, valTok: ReturnType<typeof packItemTokens>, r: TrainResult, spec: FeatureSpec, cfg: TrainConfig): (MixFitResult & { share: number; shares: { share: number; row: EvalRow }[] }) | undefined {
  const { fit, validation } = split;
  const sample = everyKth(validation, MIX_EVENTS);
  const t0 = Date.now();
  releaseGarbage(); // the validation run's examples and positions
  const counts = countItemPairs(fit, itemTablesCap(data.candidates.length));
  releaseGarbage(); // the counting's tables
  // the two-tower side of every validation prediction, the same for every share
  const base = collectBase(sample, spec, valTok, { dim: cfg.dim, item: r.params.item, ctx: r.params.ctx, seq: r.params.seq }, data.candidates, data.items.ids);
  memoryNote('item pair counts');
  const parts = ['twoTower', ...(r.params.seq ? (['repeat'] as const) : []), 'successors', 'covisit'] as const;
  let best: (MixFitResult & { share: number }) | undefined;
  const shares: { share: number; row: EvalRow }[] = [];
  for (const share of SUCCESSOR_SHARES) {
    const built = buildItemTables(fit, data.items.ids, data.candidates.length, share, counts);
    const tables: TowerTables = { dim: cfg.dim, item: r.params.item, ctx: r.params.ctx, seq: r.params.seq, items: built.tables };
    const result = fitMix(sample, spec, valTok, tables, data.candidates, data.items.ids, parts, base);
    shares.push({ share, row: result.rows.find((y) => y.name === 'fitted mix')! });
    releaseGarbage(); // this share's tables, unless kept as the best
    memoryNote(`mix fit, successors' share ${share}`);
    if (best) {
      const d = pairedDifference(result.perEvent, best.perEvent);
      console.error(`mix: successors' share ${share} vs ${best.share}: objective per event ${d.mean >= 0 ? '+' : ''}${d.mean.toFixed(5)} (standard error ${d.se.toFixed(5)})`);
    }
    if (!best || clearlyBetter(result.perEvent, best.perEvent)) best = { ...result, share };
  }
  console.error(`mix: successors' share of the budget ${best!.share} of ${SUCCESSOR_SHARES.join(', ')}; ${JSON.stringify(best!.mix)} on ${best!.events} validation events in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  console.error(formatTable(best!.rows));
  return { ...best!, shares };
}

/**
 * The catalog pack (cli/train/catalog-pack.ts), with one line on its size: per 50,000 items
 * against the target, and what quantized item vectors would add instead of the attributes the
 * browser embeds with the model's own tokens.
 */
function packReport(data: LoadedData, tok: ReturnType<typeof packItemTokens>, table: Float32Array, dim: number) {
  const pack = buildCatalogPack(data.items, Array.from(data.catalog), data.train);
  const vectors = new Float32Array(data.catalog.length * dim);
  data.catalog.forEach((item, k) => {
    for (let t = tok.offsets[item]; t < tok.offsets[item + 1]; t++) for (let d = 0; d < dim; d++) vectors[k * dim + d] += tok.weights[t] * table[tok.buckets[t] * dim + d];
  });
  const per50k = (b: number) => Math.round((b * 50_000) / data.catalog.length);
  const vb = vectorBytes(vectors);
  console.error(
    `catalog pack: ${data.catalog.length} items, ${pack.file.trending.length / 2} trending, ${pack.file.together.length} bought-together lists, ${pack.gzipBytes} bytes gzip (${per50k(pack.gzipBytes)} per 50k items, target ${PACK_TARGET_PER_50K}); ` +
      `uint8 item vectors instead would add ${vb} bytes gzip (${per50k(vb)} per 50k)${pack.dropped ? `; ${pack.dropped} unsafe or empty values left out` : ''}`,
  );
  return pack;
}
