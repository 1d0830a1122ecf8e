import type { FeatureSpec } from '../../src/features/spec';
import { EVENT_TYPES } from '../../src/features/types';
import type { SequenceParams, TokenRows } from '../../src/model/arch/types';
import { SessionLog, sharedArray, type Sessions } from '../sessions';
import { Progress, formatSeconds } from '../progress';
import { Forward, SEQ_KEYS, SparseGrad, zeroSeqGrads, type Grads, type Params } from './model';
import { makeOptimizer, type Alloc, type Optimizer, type OptimizerName } from './optim';
import { Rng } from './rng';
import { pickRows, type MakeArray } from './tokens';

export interface TrainConfig {
  dim: number;
  epochs: number;
  batch: number;
  lr: number;
  optimizer: OptimizerName;
  seed: number;
  /** Subtract log popularity from in-batch logits (sampling-bias correction). */
  logQ: boolean;
  /** Learn the softmax scale; else it stays at initScale. */
  learnScale: boolean;
  initScale: number;
  initStd: number;
  /** Start ctx_emb as a copy of item_emb (re-visits then score high from the first step). */
  tiedInit: boolean;
  /** Share one table for both towers throughout training (exported as two equal tensors). */
  shared: boolean;
  /** Learn the attention over history positions and event types (v2); else v1's fixed recency/type weights. */
  attention: boolean;
  /** Learn the repeat term (v2): a score boost for candidates already in the history. */
  repeat: boolean;
  /** Add each example's own history items to its negatives. */
  historyNegatives: boolean;
  /**
   * How the embeddings learn when the repeat term is on: 'joint' from the full model's loss only;
   * 'aux' also from a dot-product-only loss (v1's objective); 'stop' from the dot-product-only
   * loss alone, the full model's loss training only the history parameters.
   */
  embLoss: (typeof EMB_LOSSES)[number];
  /**
   * Id dropout: each epoch, this share of the items (drawn anew every epoch) is tokenised without
   * its id token, in the histories and as targets and negatives alike, so the content rows learn
   * to stand in for an id: what an item the known-id filter rejects is scored from at serving.
   * Needs the content-only token rows (train's `noId`); items without content are never picked; 0: off.
   */
  idDropout: number;
  /**
   * Early stopping: with a validation callback (train's `validate`), training stops when the
   * validation score has not improved for this many epochs and the best epoch's parameters are
   * kept; `epochs` is then the most. 0: no early stopping.
   */
  patience: number;
}

export const EMB_LOSSES = ['joint', 'aux', 'stop'] as const;

/** Defaults chosen by measurement on REES46 and YooChoose-100k (see the issue report). */
export const DEFAULT_TRAIN: Readonly<TrainConfig> = Object.freeze({
  dim: 48,
  epochs: 16,
  batch: 256,
  lr: 0.1,
  optimizer: 'adagrad',
  seed: 1,
  logQ: true,
  learnScale: true,
  initScale: 10,
  initStd: 0.1,
  tiedInit: true,
  shared: true,
  attention: true,
  repeat: true,
  historyNegatives: true,
  embLoss: 'stop',
  idDropout: 0.25,
  patience: 0,
});

/** The trainer's feature-spec defaults where they differ from src/features (measured: recent events matter most in a session). */
export const TRAIN_SPEC_DEFAULTS = Object.freeze({ recencyHalfLife: 1 });

export interface TrainResult {
  params: Params;
  /** Rows that received a gradient at least once (others are zeroed: unseen tokens score 0). */
  touched: { item: Uint8Array; ctx: Uint8Array };
  epochs: { loss: number; seconds: number; examplesPerSec: number; validation?: number }[];
  examples: number;
  /** Epochs the returned parameters were trained for (the best by validation when early stopping; else all run). */
  bestEpochs: number;
}

/** Scores the model after an epoch on a validation split (higher is better), e.g. validationHr20. */
export type Validate = (params: Params, touched: TrainResult['touched']) => number;

/** A copy of what training changes (the tables, scales and history parameters), for keeping the best epoch. */
function snapshot(params: Params, touched: TrainResult['touched']) {
  const seq = params.seq && { attnPos: params.seq.attnPos.slice(), attnType: params.seq.attnType.slice(), repPos: params.seq.repPos.slice(), repType: params.seq.repType.slice() };
  return { item: params.item.slice(), ctx: params.ctx === params.item ? undefined : params.ctx.slice(), logScale: params.logScale, fullLogScale: params.fullLogScale.slice(), seq, touched: { item: touched.item.slice(), ctx: touched.ctx.slice() } };
}

/**
 * The tables as they would ship from these parameters: rows never updated are zero (train's
 * end does the same), so a validation score sees what the browser would score.
 */
export function shippedTables(params: Params, touched: TrainResult['touched']): { dim: number; item: Float32Array; ctx: Float32Array; seq?: SequenceParams } {
  const D = params.dim;
  const zeroed = (t: Float32Array, mark: Uint8Array) => {
    const out = t.slice();
    for (let r = 0; r < params.buckets; r++) if (!mark[r]) out.fill(0, r * D, (r + 1) * D);
    return out;
  };
  const item = zeroed(params.item, params.ctx === params.item ? orMarks(touched) : touched.item);
  return { dim: D, item, ctx: params.ctx === params.item ? item : zeroed(params.ctx, touched.ctx), seq: params.seq };
}

const orMarks = (t: TrainResult['touched']) => t.item.map((v, i) => v | t.ctx[i]);

/** Every event at position >= 1 of its session, as its index in the log's arrays (SessionLog.of(sessions)), in session order (in shared memory, for the training threads). */
export function makeExamples(sessions: Sessions): Int32Array {
  const log = SessionLog.of(sessions);
  let n = 0;
  for (let s = 0; s < log.length; s++) n += Math.max(0, log.end(s) - log.begin(s) - 1);
  const ex = sharedArray(Int32Array, n);
  let o = 0;
  for (let s = 0; s < log.length; s++) for (let e = log.begin(s) + 1; e < log.end(s); e++) ex[o++] = e;
  return ex;
}

export function initParams(spec: FeatureSpec, cfg: TrainConfig, rng: Rng): Params {
  const size = spec.buckets * cfg.dim;
  const item = new Float32Array(size);
  for (let i = 0; i < size; i++) item[i] = rng.normal() * cfg.initStd;
  const ctx = cfg.shared ? item : cfg.tiedInit ? item.slice() : Float32Array.from({ length: size }, () => rng.normal() * cfg.initStd);
  return { dim: cfg.dim, buckets: spec.buckets, item, ctx, logScale: Math.log(cfg.initScale), fullLogScale: Float32Array.of(Math.log(cfg.initScale)), seq: cfg.attention || cfg.repeat ? initSeq(spec, cfg) : undefined };
}

/** Repeat log-weight of a model trained without the repeat term: exp(-80) ~ 2e-35, nothing next to any dot product. */
const REPEAT_OFF = -80;

/**
 * v2's history parameters at the start: attention logits equal to the spec's recency/type weights
 * (v1's pooling exactly), repeat boosts exp(0) = 1 for every position and type (or none when
 * the repeat term is off).
 */
export function initSeq(spec: FeatureSpec, cfg: Pick<TrainConfig, 'repeat'>): SequenceParams {
  const L = spec.historyLength;
  return {
    attnPos: Float32Array.from({ length: L }, (_, j) => (-j * Math.LN2) / spec.recencyHalfLife),
    attnType: Float32Array.from(EVENT_TYPES, (t) => Math.log(Math.max(spec.typeWeights[t] ?? 1, 1e-6))),
    repPos: new Float32Array(L).fill(cfg.repeat ? 0 : REPEAT_OFF),
    repType: new Float32Array(EVENT_TYPES.length),
  };
}

/** Starting parameters and the rows counted as trained already (cli/train/init.ts startFrom: fine-tuning from a model). */
export type Start = (rng: Rng) => { params: Params; touched: TrainResult['touched'] };

/**
 * One batch of training: the forward pass, the loss(es) of cfg.embLoss, the gradients and the
 * optimizer's step on `params`, marking the rows it touched. The same in every thread
 * (cli/train/threads.ts runs one per worker on shared tables).
 */
export class BatchStep {
  readonly fwd: Forward;
  private readonly grads: Grads;
  private readonly aux: Grads;
  private readonly opt: Optimizer;
  /** `alloc`, `before`: the optimizer's state and the log's eventPositions, where the training threads share them. */
  constructor(spec: FeatureSpec, tok: TokenRows, log: SessionLog, readonly params: Params, readonly cfg: TrainConfig, readonly logQ: Float64Array | undefined, readonly touched: TrainResult['touched'], alloc?: Alloc, before?: Uint16Array) {
    this.fwd = new Forward(spec, tok, log, before);
    const grads = (): Grads => ({ item: new SparseGrad(spec.buckets, cfg.dim), ctx: new SparseGrad(spec.buckets, cfg.dim), logScale: 0, fullLogScale: new Float64Array(1), seq: params.seq && zeroSeqGrads(params.seq) });
    this.grads = grads();
    this.aux = grads();
    this.opt = makeOptimizer(cfg.optimizer, params, cfg.lr, alloc);
  }

  /** Trains on ex[from..from+B); returns the batch's loss. */
  run(ex: Int32Array, from: number, B: number): number {
    const { fwd, grads, aux, cfg, params, logQ, touched } = this;
    let loss: number;
    grads.logScale = grads.fullLogScale[0] = 0;
    if (grads.seq) for (const g of Object.values(grads.seq)) g.fill(0);
    if (grads.seq && cfg.repeat && cfg.embLoss !== 'joint') {
      // the embeddings' own loss: dot product only, in-batch negatives (v1's objective)
      // both losses of the batch see the same parameters: one forward pass
      fwd.prepare(params, ex, from, from + B);
      fwd.lossPrepared(params, { logQ, noRepeat: true }, grads);
      if (cfg.embLoss === 'stop') {
        aux.logScale = 0;
        loss = fwd.lossPrepared(params, { logQ, historyNegatives: cfg.historyNegatives, fullScale: true, historyOnly: true }, aux);
        grads.fullLogScale[0] = aux.fullLogScale[0];
        aux.fullLogScale[0] = 0;
        for (const k of SEQ_KEYS) for (let i = 0; i < grads.seq[k].length; i++) grads.seq[k][i] += aux.seq![k][i];
        aux.item.clear();
        aux.ctx.clear();
        for (const g of Object.values(aux.seq!)) g.fill(0);
      } else loss = fwd.lossPrepared(params, { logQ, historyNegatives: cfg.historyNegatives }, grads);
    } else loss = fwd.loss(params, ex, from, from + B, { logQ, historyNegatives: cfg.historyNegatives }, grads);
    if (!cfg.learnScale) grads.logScale = grads.fullLogScale[0] = 0;
    if (grads.seq && !cfg.attention) (grads.seq.attnPos.fill(0), grads.seq.attnType.fill(0));
    if (grads.seq && !cfg.repeat) (grads.seq.repPos.fill(0), grads.seq.repType.fill(0));
    if (cfg.shared) grads.item.absorb(grads.ctx);
    for (const r of grads.item.rows) touched.item[r] = 1;
    for (const r of grads.ctx.rows) touched.ctx[r] = 1;
    this.opt.step(params, grads);
    grads.item.clear();
    grads.ctx.clear();
    return loss;
  }
}

/** The batches of an epoch over nEx examples: [from, from + B) each, the last left out when it has a single example. */
export function batchCount(nEx: number, batch: number): number {
  const full = Math.floor(nEx / batch);
  return full + (nEx - full * batch >= 2 ? 1 : 0);
}

/**
 * A training run's state and everything but the batches: init, per-epoch shuffling and id
 * dropout, progress, validation and early stopping, the final zeroing of untrained rows. train()
 * runs the batches in this thread, cli/train/threads.ts in workers.
 */
export class TrainingRun {
  readonly rng: Rng;
  readonly params: Params;
  readonly log: SessionLog;
  readonly ex: Int32Array;
  readonly nEx: number;
  readonly logQ?: Float64Array;
  readonly touched: TrainResult['touched'];
  readonly epochs: TrainResult['epochs'] = [];
  private readonly progress: Progress;
  private readonly t0: number;
  private readonly stopping: boolean;
  private best: { score: number; epoch: number; state?: ReturnType<typeof snapshot> } = { score: -Infinity, epoch: 0 };
  private te = 0;

  /** `share`: moves the tables, examples and marks into shared memory (for workers) as they are made. */
  constructor(readonly spec: FeatureSpec, readonly tok: TokenRows, sessions: Sessions, readonly nItems: number, readonly cfg: TrainConfig, private readonly quiet = false, readonly noId?: TokenRows, readonly validate?: Validate, start?: Start, share: <T extends Float32Array | Int32Array | Uint8Array>(a: T) => T = (a) => a) {
    const rng = (this.rng = new Rng(cfg.seed));
    const started = start?.(rng);
    const params = started?.params ?? initParams(spec, cfg, rng);
    const item = share(params.item);
    const seq = params.seq && { attnPos: share(params.seq.attnPos), attnType: share(params.seq.attnType), repPos: share(params.seq.repPos), repType: share(params.seq.repType) };
    this.params = { ...params, item, ctx: params.ctx === params.item ? item : share(params.ctx), seq, fullLogScale: share(params.fullLogScale) };
    const log = (this.log = SessionLog.of(sessions));
    // shuffled in place each epoch: the same order as shuffling a permutation of them
    const ex = (this.ex = share(makeExamples(log)));
    const nEx = (this.nEx = ex.length);
    if (nEx === 0) throw new Error('no training examples: every session has a single event (need sessions of 2+ events)');
    if (cfg.logQ) {
      const counts = new Float64Array(nItems);
      for (let e = 0; e < nEx; e++) counts[log.items[ex[e]]]++;
      this.logQ = counts.map((c) => Math.log((c + 1) / (nEx + nItems)));
    }
    const touched = started?.touched ?? { item: new Uint8Array(spec.buckets), ctx: new Uint8Array(spec.buckets) };
    this.touched = { item: share(touched.item), ctx: share(touched.ctx) };
    this.progress = new Progress(quiet);
    this.t0 = Date.now();
    this.stopping = validate !== undefined && cfg.patience > 0;
  }

  /** Shuffles the examples for the epoch; returns the items trained without their id this epoch (id dropout), if any. */
  startEpoch(): Uint8Array | undefined {
    const { rng, cfg, noId, nItems } = this;
    rng.shuffle(this.ex);
    this.te = Date.now();
    if (!noId || !(cfg.idDropout > 0) || !(this.spec.fieldWeights.id > 0)) return undefined;
    const pick = new Uint8Array(nItems);
    // an item with no content token keeps its id: without it there is nothing to stand in
    for (let i = 0; i < nItems; i++) pick[i] = rng.next() < cfg.idDropout && noId.offsets[i + 1] > noId.offsets[i] ? 1 : 0;
    return pick;
  }

  /** The token rows of an epoch: startEpoch's pick of content-only rows (made by `make`), the full rows otherwise. */
  tokensOf(pick: Uint8Array | undefined, make?: MakeArray): TokenRows {
    return pick ? pickRows(this.tok, this.noId!, pick, make) : this.tok;
  }

  /** Progress within an epoch: `done` of its examples trained, the loss summed over `batches`. */
  update(epoch: number, done: number, lossSum: number, batches: number): void {
    const { cfg, nEx } = this;
    const all = epoch * nEx + done;
    const rate = all / ((Date.now() - this.t0) / 1000 + 1e-9);
    this.progress.update(`epoch ${epoch + 1}/${cfg.epochs}`, done, nEx, `${(rate / 1000).toFixed(1)}k ev/s loss ${(lossSum / batches).toFixed(3)} ETA ${formatSeconds((cfg.epochs * nEx - all) / rate)}`);
  }

  /** Records the epoch (validation, early stopping); true when training should stop. */
  endEpoch(epoch: number, lossSum: number, batches: number): boolean {
    const { cfg, nEx, params, touched, epochs } = this;
    const seconds = (Date.now() - this.te) / 1000;
    const validation = this.validate?.(params, touched);
    epochs.push({ loss: lossSum / Math.max(batches, 1), seconds, examplesPerSec: nEx / seconds, ...(validation !== undefined ? { validation } : {}) });
    const improved = validation !== undefined && validation > this.best.score;
    if (improved) this.best = { score: validation, epoch: epoch + 1, state: this.stopping && epoch + 1 < cfg.epochs ? snapshot(params, touched) : undefined };
    const stop = this.stopping && epoch + 1 - this.best.epoch >= cfg.patience && epoch + 1 < cfg.epochs;
    const eta = stop ? 0 : ((cfg.epochs - epoch - 1) * (Date.now() - this.t0)) / (epoch + 1) / 1000;
    const val = validation === undefined ? '' : ` val HR@20 ${validation.toFixed(4)}${improved ? ' *' : ''}`;
    this.progress.update(`epoch ${epoch + 1}/${cfg.epochs}`, nEx, nEx, `${(nEx / seconds / 1000).toFixed(1)}k ev/s loss ${epochs[epoch].loss.toFixed(3)}${val} scale ${Math.exp(params.logScale).toFixed(1)}${stop || epoch + 1 === cfg.epochs ? '' : ` ETA ${formatSeconds(eta)}`}`, true);
    this.progress.end();
    if (stop && !this.quiet) console.error(`early stop: no better validation HR@20 for ${cfg.patience} epochs; keeping epoch ${this.best.epoch} (${this.best.score.toFixed(4)})`);
    return stop;
  }

  /** The result: the best epoch's parameters when early stopping, untrained rows zeroed. */
  finish(): TrainResult {
    const { cfg, spec, params, touched, epochs, best } = this;
    let bestEpochs = epochs.length;
    if (this.stopping && best.state && best.epoch < epochs.length) {
      const b = best.state;
      params.item.set(b.item);
      if (b.ctx) params.ctx.set(b.ctx);
      params.logScale = b.logScale;
      params.fullLogScale.set(b.fullLogScale);
      if (params.seq && b.seq) for (const k of SEQ_KEYS) params.seq[k].set(b.seq[k]);
      touched.item.set(b.touched.item);
      touched.ctx.set(b.touched.ctx);
      bestEpochs = best.epoch;
    }
    if (cfg.shared) for (let r = 0; r < spec.buckets; r++) touched.item[r] = touched.ctx[r] = touched.item[r] | touched.ctx[r];
    for (let r = 0; r < spec.buckets; r++) {
      if (!touched.item[r]) params.item.fill(0, r * cfg.dim, (r + 1) * cfg.dim);
      if (!touched.ctx[r]) params.ctx.fill(0, r * cfg.dim, (r + 1) * cfg.dim);
    }
    if (cfg.shared) params.ctx = params.item.slice();
    return { params, touched, epochs, examples: this.nEx, bestEpochs };
  }
}

/** Trains in this thread (cli/train/threads.ts trainThreads: the same over workers). */
export function train(spec: FeatureSpec, tok: TokenRows, sessions: Sessions, nItems: number, cfg: TrainConfig, quiet = false, noId?: TokenRows, validate?: Validate, start?: Start): TrainResult {
  const run = new TrainingRun(spec, tok, sessions, nItems, cfg, quiet, noId, validate, start);
  const step = new BatchStep(spec, tok, run.log, run.params, cfg, run.logQ, run.touched);
  const { ex, nEx } = run;
  for (let epoch = 0; epoch < cfg.epochs; epoch++) {
    const pick = run.startEpoch();
    if (pick) step.fwd.tok = run.tokensOf(pick);
    let lossSum = 0;
    let batches = 0;
    for (let from = 0; from < nEx; from += cfg.batch) {
      const B = Math.min(cfg.batch, nEx - from);
      if (B < 2) break; // a softmax over one candidate teaches nothing
      lossSum += step.run(ex, from, B);
      batches++;
      run.update(epoch, from + B, lossSum, batches);
    }
    if (run.endEpoch(epoch, lossSum, batches)) break;
  }
  return run.finish();
}
