import type { FeatureSpec } from '../../src/features/spec';
import { historyWeigher, repeatBoost, shopperInto, type HistoryWeigher } from '../../src/model/arch/history';
import { addPooled } from '../../src/model/arch/tokens';
import type { SequenceParams, TokenRows } from '../../src/model/arch/types';
import { SessionLog, sharedArray, type Session, type Sessions } from '../sessions';
import { axpy, dot, dotRows, weightedRows } from './kernels';
import { recentEvents } from './tokens';

/** Trainable state: the tables of src/model/arch (TowerTables) plus a logit scale used only in training. */
export interface Params {
  dim: number;
  buckets: number;
  item: Float32Array;
  ctx: Float32Array;
  /** log of the softmax scale (temperature^-1); ranking does not depend on it. */
  logScale: number;
  /** attentive-two-tower-v2's history parameters (attention and repeat logits); absent for v1. */
  seq?: SequenceParams;
  /** log softmax scale of the full model's loss when the embeddings have their own loss (training only). */
  fullLogScale: Float32Array;
}

export const SEQ_KEYS = ['attnPos', 'attnType', 'repPos', 'repType'] as const;
export type SeqGrads = Record<(typeof SEQ_KEYS)[number], Float64Array>;

export function zeroSeqGrads(seq: SequenceParams): SeqGrads {
  return { attnPos: new Float64Array(seq.attnPos.length), attnType: new Float64Array(seq.attnType.length), repPos: new Float64Array(seq.repPos.length), repType: new Float64Array(seq.repType.length) };
}

/** Per event of the log: its position in its session (the events before it), capped at 65535; in shared memory (one for all training threads). */
export function eventPositions(log: SessionLog): Uint16Array {
  const before = sharedArray(Uint16Array, log.items.length);
  for (let s = 0; s < log.length; s++) for (let e = log.begin(s), a = e; e < log.end(s); e++) before[e] = Math.min(e - a, 65535);
  return before;
}

/** Row-sparse gradient of one table: a dense buffer plus the list of touched rows. */
export class SparseGrad {
  readonly g: Float32Array;
  readonly mark: Uint8Array;
  rows: number[] = [];
  constructor(readonly buckets: number, readonly dim: number) {
    this.g = new Float32Array(buckets * dim);
    this.mark = new Uint8Array(buckets);
  }
  /** g[rows of item] += coef * token weight * vec[o..o+dim) */
  addItem(tok: TokenRows, item: number, coef: number, vec: Float64Array, o: number): void {
    const dim = this.dim;
    for (let t = tok.offsets[item]; t < tok.offsets[item + 1]; t++) {
      const b = tok.buckets[t];
      if (!this.mark[b]) {
        this.mark[b] = 1;
        this.rows.push(b);
      }
      const a = coef * tok.weights[t];
      const row = b * dim;
      for (let k = 0; k < dim; k++) this.g[row + k] += a * vec[o + k];
    }
  }
  /** Moves another gradient's rows into this one (for shared tables). */
  absorb(other: SparseGrad): void {
    const dim = this.dim;
    for (const b of other.rows) {
      if (!this.mark[b]) {
        this.mark[b] = 1;
        this.rows.push(b);
      }
      for (let k = b * dim; k < (b + 1) * dim; k++) this.g[k] += other.g[k];
    }
    other.clear();
  }
  clear(): void {
    for (const b of this.rows) {
      this.mark[b] = 0;
      this.g.fill(0, b * this.dim, (b + 1) * this.dim);
    }
    this.rows = [];
  }
}

export interface LossOptions {
  /** log popularity of each item as a target (logQ correction), or undefined for none. */
  logQ?: Float64Array;
  /** Add the example's own history items as negatives (they are candidates at ranking time too). */
  historyNegatives?: boolean;
  /** Leave out the repeat term (score = dot product only), e.g. for the embeddings' own loss. */
  noRepeat?: boolean;
  /** Use (and train) fullLogScale instead of logScale. */
  fullScale?: boolean;
  /** Gradients of the history parameters and the scale only: the embeddings' are not computed (embLoss 'stop'). */
  historyOnly?: boolean;
}

export interface Grads {
  item: SparseGrad;
  ctx: SparseGrad;
  logScale: number;
  seq?: SeqGrads;
  fullLogScale: Float64Array;
}

/**
 * Examples: indices of target events in the flat log (cli/train/loop.ts makeExamples); the history is the events before it in its session.
 * The forward pieces are src/model/arch's: shopper u = sum_j a_j H_j (H_j: pooled ctx rows of history item j;
 * a: historyWeigher, v1's fixed weights or v2's softmax of position + type logits); score(x) = u . V_x + (v2)
 * the repeat term sum_{j: item_j = x} repeatBoost(j). The gradients below are the trainer's own.
 */
/** A Float64Array of at least n elements: `a` itself when it is long enough (scratch buffers grow, never shrink). */
const atLeast64 = (a: Float64Array<ArrayBuffer>, n: number): Float64Array<ArrayBuffer> => (a.length >= n ? a : new Float64Array(Math.max(n, 2 * a.length)));
const atLeast32 = (a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> => (a.length >= n ? a : new Int32Array(Math.max(n, 2 * a.length)));

/**
 * Examples: indices of target events in the flat log (cli/train/loop.ts makeExamples); the history is the events before it in its session.
 * The forward pieces are src/model/arch's: shopper u = sum_j a_j H_j (H_j: pooled ctx rows of history item j;
 * a: historyWeigher, v1's fixed weights or v2's softmax of position + type logits); score(x) = u . V_x + (v2)
 * the repeat term sum_{j: item_j = x} repeatBoost(j). The gradients below are the trainer's own.
 *
 * A batch is run in two steps: `prepare` (the forward pass: shopper and target vectors, the batch's
 * score matrix) and `lossPrepared` (softmax, loss, gradients), so losses of the same batch and
 * parameters (embLoss 'aux'/'stop') share one forward pass. Every buffer is reused across
 * batches: nothing is allocated per example.
 */
export class Forward {
  private readonly types: Uint8Array;
  private readonly rows: Int32Array;
  private readonly hw: Float64Array;
  private weigher?: { seq?: SequenceParams; weigh: HistoryWeigher };
  readonly log: SessionLog;
  /** Per event of the log: its position in its session (events before it), capped at 65535. */
  private readonly before: Uint16Array;
  // the prepared batch
  private B = 0;
  private from = 0;
  private ex: Int32Array = new Int32Array(0);
  private H = new Float64Array(0);
  private A = new Float64Array(0);
  private U = new Float64Array(0);
  private V = new Float64Array(0);
  /** Dot products U_b . V_c, row b (B x B). */
  private S = new Float64Array(0);
  private target = new Int32Array(0);
  private hist = new Int32Array(0);
  /** Batch columns whose target is an item: colHead[item] (valid where colStamp[item] is this batch's stamp), then colNext[c], -1 ends. */
  private colHead: Int32Array;
  private colStamp: Int32Array;
  private colNext = new Int32Array(0);
  private stamp = 0;
  /** The extra candidates of one example: exIndex[item] (valid where exStamp[item] is exTick). */
  private exIndex: Int32Array;
  private exStamp: Int32Array;
  private exTick = 0;
  /** Per example b: its extra candidates extra[b*L..b*L+extras[b]), pooled item vectors X, d loss / d score GE. */
  private extra = new Int32Array(0);
  private extras = new Int32Array(0);
  private X = new Float64Array(0);
  private GE = new Float64Array(0);
  /** d loss / d score of the batch columns, row b (B x B). */
  private G = new Float64Array(0);
  private score = new Float64Array(0);
  private logits = new Float64Array(0);
  private dU = new Float64Array(0);
  private dV = new Float64Array(0);
  private matchJ = new Int32Array(0);
  private matchCol = new Int32Array(0);
  private matchR = new Float64Array(0);
  /** `before`: eventPositions of the log, when made already (the training threads share one). */
  constructor(readonly spec: FeatureSpec, public tok: TokenRows, sessions: Sessions, before?: Uint16Array) {
    this.log = SessionLog.of(sessions);
    this.before = before ?? eventPositions(this.log);
    this.types = new Uint8Array(spec.historyLength);
    this.rows = new Int32Array(spec.historyLength);
    this.hw = new Float64Array(spec.historyLength);
    const nItems = tok.offsets.length - 1;
    this.colHead = new Int32Array(nItems);
    this.colStamp = new Int32Array(nItems);
    this.exIndex = new Int32Array(nItems);
    this.exStamp = new Int32Array(nItems);
  }

  /** Event weights of the n newest events before pos into out[o..o+n) (the newest n of them are also left in this.types / this.rows). */
  weights(p: Params, s: Pick<Session, 'items' | 'types'>, pos: number, n: number, out: Float64Array, o: number): void {
    if (!this.weigher || this.weigher.seq !== p.seq) this.weigher = { seq: p.seq, weigh: historyWeigher(this.spec, p.seq) };
    recentEvents(s, pos, n, this.types, this.rows);
    this.weigher.weigh(this.types, n, out, o);
  }

  /** u = sum_j a_j * pooled ctx of history item j, written to out[o..). Returns the history length used. */
  shopper(p: Params, s: Session, pos: number, out: Float64Array, o: number): number {
    const n = Math.min(pos, this.spec.historyLength);
    this.weights(p, s, pos, n, this.hw, 0);
    shopperInto(this.tok, this.rows, this.hw, n, p.ctx, p.dim, out, o);
    return n;
  }

  /**
   * Mean sampled softmax cross-entropy of `ex[from..to)` (target events of the log) and, when `grads` is
   * given, its gradients. Candidates of an example: the targets of the batch (copies of the
   * positive's item masked out) and, with historyNegatives, the other items of its own history.
   */
  loss(p: Params, ex: Int32Array, from: number, to: number, opts: LossOptions, grads?: Grads): number {
    this.prepare(p, ex, from, to);
    return this.lossPrepared(p, opts, grads);
  }

  /** The forward pass of `ex[from..to)` with parameters p, for lossPrepared (valid until p changes or the next prepare). */
  prepare(p: Params, ex: Int32Array, from: number, to: number): void {
    const B = to - from;
    const D = p.dim;
    const L = this.spec.historyLength;
    this.B = B;
    this.from = from;
    this.ex = ex;
    const H = (this.H = atLeast64(this.H, B * L * D));
    const A = (this.A = atLeast64(this.A, B * L));
    const U = (this.U = atLeast64(this.U, B * D));
    const V = (this.V = atLeast64(this.V, B * D));
    const S = (this.S = atLeast64(this.S, B * B));
    const target = (this.target = atLeast32(this.target, B));
    const hist = (this.hist = atLeast32(this.hist, B));
    const colNext = (this.colNext = atLeast32(this.colNext, B));
    U.fill(0, 0, B * D);
    V.fill(0, 0, B * D);
    const s = this.log;
    for (let b = 0; b < B; b++) {
      const pos = ex[from + b];
      const n = Math.min(this.before[pos], L);
      hist[b] = n;
      this.weights(p, s, pos, n, A, b * L);
      H.fill(0, b * L * D, (b * L + n) * D);
      for (let j = 0; j < n; j++) {
        const o = (b * L + j) * D;
        addPooled(this.tok, s.items[pos - 1 - j], p.ctx, D, 1, H, o);
        axpy(U, b * D, A[b * L + j], H, o, D);
      }
      target[b] = s.items[pos];
      addPooled(this.tok, target[b], p.item, D, 1, V, b * D);
    }
    // item -> its batch columns, ascending (built from the end so each list comes out in order)
    if (this.stamp >= 0x3fffffff) (this.colStamp.fill(0), (this.stamp = 0));
    const stamp = ++this.stamp;
    for (let c = B - 1; c >= 0; c--) {
      const x = target[c];
      colNext[c] = this.colStamp[x] === stamp ? this.colHead[x] : -1;
      this.colStamp[x] = stamp;
      this.colHead[x] = c;
    }
    dotRows(S, U, B, V, B, D);
  }

  /**
   * Loss and (with grads) gradients of the prepared batch; p must be the parameters it was prepared with.
   * Each example's softmax first (its row of d loss / d score kept in G, its extra candidates' in
   * GE), then the shopper gradients of the whole batch as one product (dU = G V) and, for the
   * embeddings, the targets' (dV = G^T U): the same sums, in the same order, as one axpy per pair.
   */
  lossPrepared(p: Params, opts: LossOptions, grads?: Grads): number {
    const { B, from, ex, H, A, U, V, S, target, hist, colHead, colStamp, colNext, exIndex, exStamp } = this;
    const D = p.dim;
    const L = this.spec.historyLength;
    const s = this.log;
    const stamp = this.stamp;
    const seq = p.seq;
    const scale = Math.exp(opts.fullScale ? p.fullLogScale[0] : p.logScale);
    const embeddings = !opts.historyOnly;
    const X = (this.X = atLeast64(this.X, B * L * D));
    const G = (this.G = atLeast64(this.G, B * B));
    const GE = (this.GE = atLeast64(this.GE, B * L));
    const extra = (this.extra = atLeast32(this.extra, B * L));
    const extras = (this.extras = atLeast32(this.extras, B));
    const score = (this.score = atLeast64(this.score, B + L));
    const logits = (this.logits = atLeast64(this.logits, B + L));
    let loss = 0;
    for (let b = 0; b < B; b++) {
      const pos = ex[from + b];
      const n = hist[b];
      // extra candidates: distinct history items that are not batch targets, in extra[b*L..), pooled in X[b*L*D..)
      if (this.exTick >= 0x3fffffff) (exStamp.fill(0), (this.exTick = 0)); // stamps stay int32
      const tick = ++this.exTick;
      const xo = b * L;
      let E = 0;
      if (opts.historyNegatives)
        for (let j = 0; j < n; j++) {
          const x = s.items[pos - 1 - j];
          if (colStamp[x] !== stamp && exStamp[x] !== tick) {
            exStamp[x] = tick;
            exIndex[x] = E;
            extra[xo + E++] = x;
          }
        }
      extras[b] = E;
      X.fill(0, xo * D, (xo + E) * D);
      for (let e = 0; e < E; e++) addPooled(this.tok, extra[xo + e], p.item, D, 1, X, (xo + e) * D);
      score.set(S.subarray(b * B, (b + 1) * B));
      for (let e = 0; e < E; e++) score[B + e] = dot(U, b * D, X, (xo + e) * D, D);
      // repeat term: matches (history position j, candidate column) with their boosts
      let M = 0;
      if (seq && !opts.noRepeat)
        for (let j = 0; j < n; j++) {
          const x = s.items[pos - 1 - j];
          const first = colStamp[x] === stamp ? colHead[x] : -1;
          const single = first < 0 && exStamp[x] === tick ? B + exIndex[x] : -1;
          if (first < 0 && single < 0) continue;
          const r = repeatBoost(seq, j, s.types[pos - 1 - j]);
          for (let c = first >= 0 ? first : single; c >= 0; c = first >= 0 ? colNext[c] : -1) {
            score[c] += r;
            if (M === this.matchJ.length) this.growMatches();
            this.matchJ[M] = j;
            this.matchCol[M] = c;
            this.matchR[M++] = r;
          }
        }
      let max = -Infinity;
      const tb = target[b];
      for (let c = 0; c < B + E; c++) {
        const item = c < B ? target[c] : extra[xo + c - B];
        if (c < B && c !== b && target[c] === tb) logits[c] = -Infinity;
        else logits[c] = scale * score[c] - (opts.logQ ? opts.logQ[item] : 0);
        if (logits[c] > max) max = logits[c];
      }
      let z = 0;
      for (let c = 0; c < B + E; c++) z += Math.exp(logits[c] - max);
      const logZ = max + Math.log(z);
      loss += logZ - logits[b];
      if (!grads) continue;
      // d loss / d score: the batch columns into G's row b, the extra candidates into GE
      for (let c = 0; c < B + E; c++) {
        const g = (Math.exp(logits[c] - logZ) - (c === b ? 1 : 0)) / B;
        if (opts.fullScale) grads.fullLogScale[0] += g * scale * score[c];
        else grads.logScale += g * scale * score[c];
        if (c < B) G[b * B + c] = g * scale;
        else GE[xo + c - B] = g * scale;
      }
      if (seq && grads.seq)
        for (let m = 0; m < M; m++) {
          const c = this.matchCol[m];
          const d = (c < B ? G[b * B + c] : GE[xo + c - B]) * this.matchR[m];
          grads.seq.repPos[this.matchJ[m]] += d;
          grads.seq.repType[s.types[pos - 1 - this.matchJ[m]]] += d;
        }
    }
    if (!grads) return loss / B;
    const dU = (this.dU = atLeast64(this.dU, B * D));
    weightedRows(dU, B, G, B, 1, B, V, D);
    for (let b = 0; b < B; b++) {
      const pos = ex[from + b];
      const n = hist[b];
      const xo = b * L;
      const u = b * D;
      for (let e = 0; e < extras[b]; e++) {
        const g = GE[xo + e];
        axpy(dU, u, g, X, (xo + e) * D, D);
        if (embeddings) grads.item.addItem(this.tok, extra[xo + e], g, U, u);
      }
      const uDotDU = dot(U, u, dU, u, D);
      for (let j = 0; j < n; j++) {
        const a = A[b * L + j];
        if (embeddings) grads.ctx.addItem(this.tok, s.items[pos - 1 - j], a, dU, u);
        if (seq && grads.seq) {
          const dz = a * (dot(H, (b * L + j) * D, dU, u, D) - uDotDU);
          grads.seq.attnPos[j] += dz;
          grads.seq.attnType[s.types[pos - 1 - j]] += dz;
        }
      }
    }
    if (embeddings) {
      const dV = (this.dV = atLeast64(this.dV, B * D));
      weightedRows(dV, B, G, 1, B, B, U, D);
      for (let c = 0; c < B; c++) grads.item.addItem(this.tok, target[c], 1, dV, c * D);
    }
    return loss / B;
  }

  private growMatches(): void {
    const n = Math.max(64, 2 * this.matchJ.length);
    const j = new Int32Array(n);
    const c = new Int32Array(n);
    const r = new Float64Array(n);
    j.set(this.matchJ);
    c.set(this.matchCol);
    r.set(this.matchR);
    this.matchJ = j;
    this.matchCol = c;
    this.matchR = r;
  }
}
