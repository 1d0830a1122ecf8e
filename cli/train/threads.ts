/**
 * Data-parallel training over worker_threads (`vitrine train --threads N`), Hogwild style: the
 * embedding table(s), the optimizer's accumulators, the history parameters and the touched-row
 * marks live in SharedArrayBuffers; each epoch the main thread shuffles the examples (and draws
 * the id dropout) exactly as train() does, and worker w trains the w-th contiguous share of the
 * epoch's batches, reading and updating the shared tables without locks (sparse updates rarely
 * collide). The softmax scale is shared as a number the workers add their steps to. The result
 * depends on thread timing: only `--threads 1` (train(), in this thread) is reproducible.
 *
 * The worker is this module itself: from the bundle (dist/cli.mjs, where import.meta.url is the
 * bundle, whose entry does not run the CLI outside the main thread) and from source (tsx, which
 * workers inherit through execArgv) alike.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { FeatureSpec } from '../../src/features/spec';
import type { TokenRows } from '../../src/model/arch/types';
import { SessionLog, sharedArray, type Sessions } from '../sessions';
import { BatchStep, batchCount, TrainingRun, type Start, type TrainConfig, type TrainResult, type Validate } from './loop';
import { eventPositions, type Params } from './model';
import { makeOptimizer, type Alloc } from './optim';

type Shareable = Float32Array | Int32Array | Uint8Array | Float64Array;
/** `a` in shared memory: itself when it is there already (a SessionLog's arrays), else a copy. */
function share<T extends Shareable>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const C = a.constructor as new (b: SharedArrayBuffer) => T;
  const s = new C(new SharedArrayBuffer(a.byteLength));
  (s as Shareable).set(a as never);
  return s;
}
/** A copy of `a` in ordinary memory (what leaves trainThreads). */
const unshare = <T extends Shareable>(a: T): T => a.slice() as T;
const shareRows = (t: TokenRows): TokenRows => ({ offsets: share(t.offsets), buckets: share(t.buckets), weights: share(t.weights) });

interface WorkerInit {
  vitrineTrainWorker: true;
  spec: FeatureSpec;
  cfg: TrainConfig;
  tok: TokenRows;
  log: { items: Int32Array; types: Uint8Array; start: Int32Array; firsts: Float64Array; ends: Float64Array };
  params: Omit<Params, 'logScale'>;
  /** [0]: the softmax scale (log), shared. */
  scale: Float64Array;
  optState: Float32Array[];
  touched: TrainResult['touched'];
  ex: Int32Array;
  /** The log's eventPositions. */
  before: Uint16Array;
  logQ?: Float64Array;
}
/** `tok`: the epoch's token rows (id dropout: TrainingRun.tokensOf), shared; absent: init.tok. */
type ToWorker = { epoch: number; first: number; last: number; tok?: TokenRows };
type FromWorker = { progress: number; lossSum: number; batches: number; done: boolean };

/** Batches between two progress messages of a worker. */
const REPORT_EVERY = 16;

/** train() over `threads` workers (threads >= 2); the same arguments and result. */
export async function trainThreads(threads: number, spec: FeatureSpec, tok: TokenRows, sessions: Sessions, nItems: number, cfg: TrainConfig, quiet = false, noId?: TokenRows, validate?: Validate, start?: Start): Promise<TrainResult> {
  const run = new TrainingRun(spec, tok, SessionLog.of(sessions), nItems, cfg, quiet, noId, validate, start, share);
  const { params, log, nEx } = run;
  const nBatches = batchCount(nEx, cfg.batch);
  const T = Math.max(1, Math.min(threads, nBatches));
  const optState: Float32Array[] = [];
  makeOptimizer(cfg.optimizer, params, cfg.lr, (n, fill) => {
    const a = new Float32Array(new SharedArrayBuffer(4 * n)).fill(fill);
    optState.push(a);
    return a;
  });
  const scale = new Float64Array(new SharedArrayBuffer(8)).fill(params.logScale);
  const { logScale: _, ...tables } = params;
  const init: WorkerInit = {
    vitrineTrainWorker: true,
    spec,
    cfg,
    tok: shareRows(tok),
    log: { items: share(log.items), types: share(log.types), start: share(log.start), firsts: share(log.firsts), ends: share(log.ends) },
    params: tables,
    scale,
    optState,
    touched: run.touched,
    ex: run.ex,
    before: eventPositions(log),
    logQ: run.logQ && share(run.logQ),
  };
  const workers = Array.from({ length: T }, () => spawn(init));
  try {
    for (let epoch = 0; epoch < cfg.epochs; epoch++) {
      const p = run.startEpoch();
      const tok = p && run.tokensOf(p, sharedArray); // written straight into shared memory
      let done = 0;
      let lossSum = 0;
      let batches = 0;
      await Promise.all(
        workers.map(
          (w, k) =>
            new Promise<void>((resolve, reject) => {
              const onMessage = (m: FromWorker) => {
                done += m.progress;
                lossSum += m.lossSum;
                batches += m.batches;
                if (m.done) {
                  w.off('message', onMessage).off('error', reject);
                  resolve();
                } else run.update(epoch, Math.min(done, nEx), lossSum, batches);
              };
              w.on('message', onMessage).once('error', reject);
              const msg: ToWorker = { epoch, first: Math.floor((k * nBatches) / T), last: Math.floor(((k + 1) * nBatches) / T), tok };
              w.postMessage(msg);
            }),
        ),
      );
      params.logScale = scale[0];
      if (run.endEpoch(epoch, lossSum, batches)) break;
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const result = run.finish();
  const p = result.params;
  const item = unshare(p.item);
  const seq = p.seq && { attnPos: unshare(p.seq.attnPos), attnType: unshare(p.seq.attnType), repPos: unshare(p.seq.repPos), repType: unshare(p.seq.repType) };
  return {
    ...result,
    params: { ...p, item, ctx: cfg.shared ? item.slice() : unshare(p.ctx), seq, fullLogScale: unshare(p.fullLogScale) },
    touched: { item: unshare(result.touched.item), ctx: unshare(result.touched.ctx) },
  };
}

/** A worker running this module. From source, Node 20's workers do not inherit tsx's loader hooks: the worker registers them first. */
function spawn(init: WorkerInit): Worker {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL(self), { workerData: init });
  const src = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(self)}); })`;
  return new Worker(src, { eval: true, workerData: init });
}

/** The worker: trains the batches it is sent on the shared tables. */
function startWorker(init: WorkerInit): void {
  const { spec, cfg, tok, log: l, scale, touched, ex, before, logQ } = init;
  const item = init.params.item;
  const params: Params = { ...init.params, item, ctx: cfg.shared ? item : init.params.ctx, logScale: scale[0] };
  let next = 0;
  const alloc: Alloc = () => init.optState[next++];
  const log = new SessionLog(l.items, l.types, l.start, l.firsts, l.ends);
  const step = new BatchStep(spec, tok, log, params, cfg, logQ, touched, alloc, before);
  parentPort!.on('message', (m: ToWorker) => {
    step.fwd.tok = m.tok ?? tok;
    let lossSum = 0;
    let batches = 0;
    let progress = 0;
    for (let k = m.first; k < m.last; k++) {
      const from = k * cfg.batch;
      const B = Math.min(cfg.batch, ex.length - from);
      params.logScale = scale[0];
      const before = params.logScale;
      lossSum += step.run(ex, from, B);
      scale[0] += params.logScale - before;
      batches++;
      progress += B;
      if (batches % REPORT_EVERY === 0 || k + 1 === m.last) {
        const msg: FromWorker = { progress, lossSum, batches, done: k + 1 === m.last };
        parentPort!.postMessage(msg);
        lossSum = batches = progress = 0;
      }
    }
    if (m.first === m.last) parentPort!.postMessage({ progress: 0, lossSum: 0, batches: 0, done: true } satisfies FromWorker);
  });
}

if (!isMainThread && (workerData as WorkerInit | undefined)?.vitrineTrainWorker) startWorker(workerData as WorkerInit);
