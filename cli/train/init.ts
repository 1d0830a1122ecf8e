/**
 * `vitrine train --init <model folder>`: fine-tuning from a model's tables. The feature spec
 * (hash seed, buckets, content fields, history length, recency), the dim and the architecture
 * come from the init model; the tables and history parameters start from its (dequantized)
 * values; rows it never trained (exactly 0 in the shipped tables) start fresh, as in a run
 * from scratch. What training then does is unchanged (cli/train/loop.ts).
 */
import { existsSync, statSync } from 'node:fs';
import { DEFAULT_FEATURE_SPEC, type FeatureSpec } from '../../src/features/spec';
import type { SequenceParams, TowerTables } from '../../src/model/arch/types';
import type { ModelManifest } from '../../src/model/format';
import { num, str, UsageError, type NumRange } from '../args';
import { CliError } from '../errors';
import { readModelFolder } from '../model-io';
import type { TrainConfig, TrainResult } from './loop';
import { initParams, initSeq } from './loop';
import type { Params } from './model';
import type { Rng } from './rng';

export interface InitModel {
  /** The folder as the user gave it. */
  dir: string;
  manifest: ModelManifest;
  /** Dequantized tables: what the model ships, not its float32 copy. */
  tables: TowerTables;
  /** One table for both towers (shipped once). */
  shared: boolean;
}

/** Reads and verifies (manifest, sizes, SHA-256, tensor shapes) the model to start from; a CliError naming the folder when it is not a valid model. */
export function readInitModel(dir: string): InitModel {
  if (!existsSync(dir)) throw new CliError('--init: no such model folder', { file: dir });
  if (!statSync(dir).isDirectory()) throw new CliError('--init: not a folder: give a model folder written by vitrine train (manifest.json, model.json, weights.bin)', { file: dir });
  let read: ReturnType<typeof readModelFolder>;
  try {
    read = readModelFolder(dir);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    // readModelFolder's messages start with the path; the CliError names the folder itself
    throw new CliError(`--init: not a valid model folder: ${why.startsWith(dir) ? why.slice(dir.length).replace(/^[/:\s]+/, '') : why}`, { file: dir });
  }
  const { manifest, tables } = read;
  return { dir, manifest, tables, shared: tables.ctx === tables.item || tables.ctx.every((v, i) => v === tables.item[i]) };
}

/** Flags whose value comes from the init model: the flag, and what the model has. */
const FROM_MODEL: { flag: string; of: (m: ModelManifest) => number }[] = [
  { flag: 'dim', of: (m) => m.dim },
  { flag: 'buckets', of: (m) => m.features.buckets },
  { flag: 'history-length', of: (m) => m.features.historyLength },
  { flag: 'half-life', of: (m) => m.features.recencyHalfLife },
];

/** Flags that change what the init model's tables mean: refused with --init. */
const REFUSED = ['fixed-attention', 'no-repeat', 'untied-init'] as const;

/**
 * Refuses flags that conflict with the init model (a UsageError, exit 2): a --dim, --buckets,
 * --history-length or --half-life other than the model's, and the architecture flags.
 * `ranges`: the flags' valid ranges (cli/train/command.ts TRAIN_RANGES).
 */
export function checkInitFlags(flags: Record<string, string | true>, m: ModelManifest, ranges: Record<string, NumRange>, dir: string): void {
  for (const { flag, of } of FROM_MODEL) {
    if (str(flags, flag) === undefined) continue;
    const v = num(flags, flag, of(m), ranges[flag]);
    if (v !== of(m)) throw new UsageError(`--${flag} ${v} conflicts with --init ${dir} (${flag} ${of(m)}): the feature spec, buckets and dim come from the init model; leave --${flag} out`);
  }
  for (const flag of REFUSED) if (flags[flag] === true) throw new UsageError(`--${flag} cannot be used with --init: the architecture comes from the init model (${m.arch}); leave --${flag} out`);
}

/**
 * The feature spec of a run from `m`: the model's, except the id field: off with
 * `contentOnly`; else the model's id weight, or the default one when the model is content-only
 * (fine-tuning a base model on a store adds the store's ids, in fresh rows).
 */
export function initSpec(m: ModelManifest, contentOnly: boolean): FeatureSpec {
  const spec = structuredClone(m.features) as FeatureSpec;
  spec.fieldWeights.id = contentOnly ? 0 : spec.fieldWeights.id > 0 ? spec.fieldWeights.id : DEFAULT_FEATURE_SPEC.fieldWeights.id;
  return spec;
}

/** Repeat log-weights at or below this are v2 without the repeat term (loop.ts REPEAT_OFF is -80). */
const REPEAT_OFF_BELOW = -40;

/**
 * The training config of a run from `init`: its dim; attention and repeat as the model has
 * them; one shared table when the model has one (unless --two-tables: ctx then starts as a copy
 * of it), two when it has two. With 0 epochs there is nothing to stop early.
 */
export function initConfig(cfg: TrainConfig, init: InitModel): TrainConfig {
  const seq = init.tables.seq;
  const repeat = seq !== undefined && seq.repPos.some((v) => v > REPEAT_OFF_BELOW);
  return { ...cfg, dim: init.manifest.dim, attention: seq !== undefined, repeat, shared: init.shared && cfg.shared, tiedInit: true, patience: cfg.epochs === 0 ? 0 : cfg.patience };
}

/** Rows of a table that the model trained: not all zero (quantization keeps untrained rows exactly 0). */
export function trainedRows(table: Float32Array, dim: number): Uint8Array {
  const rows = table.length / dim;
  const mark = new Uint8Array(rows);
  for (let r = 0; r < rows; r++)
    for (let k = r * dim; k < (r + 1) * dim; k++)
      if (table[k] !== 0) {
        mark[r] = 1;
        break;
      }
  return mark;
}

const copySeq = (s: SequenceParams): SequenceParams => ({ attnPos: s.attnPos.slice(), attnType: s.attnType.slice(), repPos: s.repPos.slice(), repType: s.repType.slice() });

/**
 * Starting parameters from the init tables (train's `start`): fresh parameters as initParams
 * draws them (same seed, same draws), then every row the model trained replaced by the model's
 * and marked as touched (so it ships even if this log never updates it); the history parameters
 * are the model's (v2) or initSeq's. The softmax scale is not in a model folder: it starts at
 * cfg.initScale.
 */
export function startFrom(init: TowerTables, spec: FeatureSpec, cfg: TrainConfig): (rng: Rng) => { params: Params; touched: TrainResult['touched'] } {
  if (init.item.length !== spec.buckets * cfg.dim) throw new Error(`internal: init tables of ${init.item.length} weights for ${spec.buckets} x ${cfg.dim}`);
  return (rng) => {
    const params = initParams(spec, cfg, rng);
    const D = cfg.dim;
    const item = trainedRows(init.item, D);
    const ctx = init.ctx === init.item ? item : trainedRows(init.ctx, D);
    const copy = (to: Float32Array, from: Float32Array, mark: Uint8Array) => {
      for (let r = 0; r < mark.length; r++) if (mark[r]) to.set(from.subarray(r * D, (r + 1) * D), r * D);
    };
    copy(params.item, init.item, item);
    // a shared table (params.ctx === params.item) was set above; --two-tables from a shared model: ctx starts as the same rows
    if (params.ctx !== params.item) copy(params.ctx, init.ctx === init.item ? init.item : init.ctx, ctx);
    if (params.seq) params.seq = init.seq ? copySeq(init.seq) : initSeq(spec, cfg);
    return { params, touched: { item: item.slice(), ctx: ctx.slice() } };
  };
}

/** --epochs with --init may be 0 (the init model re-written with this log's known ids and item-to-item tables). */
export const initEpochsRange = (r: NumRange): NumRange => ({ ...r, min: 0 });

/**
 * The run's init model, config and spec when `--init` is given (else undefined): the model read
 * and verified, the conflicting flags refused, before any events file is read.
 */
export function applyInit(flags: Record<string, string | true>, cfg: TrainConfig, ranges: Record<string, NumRange>): { init: InitModel; cfg: TrainConfig; spec: FeatureSpec } | undefined {
  const dir = str(flags, 'init');
  if (dir === undefined) return undefined;
  const init = readInitModel(dir);
  checkInitFlags(flags, init.manifest, ranges, dir);
  return { init, cfg: initConfig(cfg, init), spec: initSpec(init.manifest, flags['content-only'] === true) };
}

/** One line on what a run from `init` starts with. */
export function initSummary(init: InitModel, spec: FeatureSpec): string {
  const rows = trainedRows(init.tables.item, init.manifest.dim).reduce((n, v) => n + v, 0);
  const fields = (Object.keys(init.manifest.features.fieldWeights) as (keyof FeatureSpec['fieldWeights'])[]).filter((f) => f !== 'id' && init.manifest.features.fieldWeights[f] > 0);
  const carried = fields.filter((f) => spec.fieldWeights[f] > 0);
  // a log without the base's content fields (YooChoose: ids only) gets nothing from its content rows
  const none = fields.length > 0 && carried.length === 0 ? `; this data has none of its content fields (${fields.join(', ')}): only its history parameters (attention over positions and types, the repeat term) carry over, so expect about what training from scratch gives` : '';
  return `init: ${init.dir} (${init.manifest.modelVersion}, ${init.manifest.arch}): ${rows} of ${spec.buckets} rows trained there start from its shipped (uint8-dequantized) values, the others fresh; dim ${init.manifest.dim}, feature spec from the model${spec.fieldWeights.id > 0 && !(init.manifest.features.fieldWeights.id > 0) ? ' (ids added: weight ' + spec.fieldWeights.id + ')' : ''}${none}`;
}
