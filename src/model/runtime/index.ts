import type { Logger } from '../../common/log';
import type { BackendChoice, BackendName } from '../../common/types';
import { tokensPerItem } from '../../features/spec';
import type { HistoryEvent, ItemAttrs } from '../../features/types';
import { prepareCandidates, type CandidatePart, type Job } from '../arch/job';
import { tokenizer } from '../arch/tokens';
import { knownTest } from '../arch/known';
import { fetchModel, type ModelUpdate } from '../fetch';
import type { ModelStoreReport } from '../store/index';
import type { ModelManifest } from '../format';
import { jsEngine, type Engine } from './engine';
import { jobEngine, probeFirst, tfjsPlan, type TfjsBackend } from './policy';
import { probeWebGPU, type GpuProbe } from './probe';
import { readTables } from './tables';
import { besideRuntime } from './beside';
import { contentCoverage, knowsContent, type ContentCoverage } from './coverage';
import { snapshotParts } from '../arch/snapshot';
import { lastHistory, memoTokenizer, TOKEN_MEMO_SIZE } from './memo';
import type { RecommendOptions, Recommendation } from '../../recommend/types';
import type { Explanation } from '../../rank/explain';
import type { RecommenderStatus } from '../../recommend/index';

/** The ML runtime: what the core gets back from the lazily loaded chunk. */
export interface ModelRuntime {
  /** The engine of the latest job ('js' or a tfjs backend); before any job, the engine a small job gets. */
  readonly backend: BackendName;
  manifest: ModelManifest;
  modelBytes: number;
  source: 'network' | 'cache';
  /** This page view's background check for a newer model (null when none runs). */
  update(): ModelUpdate | null;
  /** Where the model is kept on this device, and the stores seen losing entries (null with `cache: false`). */
  storage(): ModelStoreReport | null;
  /** Scores of candidates (or of candidates prepared once with prepare()) for a history, newest event first. */
  score(history: readonly HistoryEvent[], candidates: readonly ItemAttrs[] | PreparedCandidates): Promise<Float32Array>;
  /** The shopper snapshot's parts for a history (newest event first): see src/snapshot/format.ts. */
  snapshot(history: readonly HistoryEvent[]): { rows: Float32Array; repeats: Map<string, number> };
  /** Encodes candidates once, for many jobs over the same items (a catalog, a benchmark). */
  prepare(candidates: readonly ItemAttrs[]): PreparedCandidates;
  /** Of a page's items, how many the model knows nothing about (no trained category, brand or title row; coverage.ts); one warning when most. */
  coverage(items: readonly ItemAttrs[]): ContentCoverage | null;
  /** Which history events raise an item's score most (leave-one-out on the model: src/rank/explain.ts, in the on-demand chunk with recommendations). */
  explain(history: readonly HistoryEvent[], item: ItemAttrs, top: number): Promise<Explanation>;
  /** Recommendations from the model's catalog pack (src/recommend/: a chunk of its own, imported on the first call). */
  recommend(history: readonly HistoryEvent[], options: RecommendOptions): Promise<Recommendation[]>;
  /** Where the catalog pack is answered from (main thread or worker), once recommend() opened it; else null. */
  recommender(): RecommenderStatus | null;
  /** Live tfjs tensors (0 while only the JS engine has run: it holds none). */
  numTensors(): number;
  dispose(): void;
}

const PREPARED = Symbol('vitrine.prepared');

/** Candidates encoded once by ModelRuntime.prepare(). */
export type PreparedCandidates = CandidatePart & { readonly [PREPARED]: true };

const isPrepared = (c: readonly ItemAttrs[] | PreparedCandidates): c is PreparedCandidates => (c as PreparedCandidates)[PREPARED] === true;

export interface LoadModelOptions {
  url: string;
  backend: BackendChoice;
  cache: boolean;
  maxAge: number;
  /** `sha256-<base64>` of the only manifest to accept. */
  integrity?: string;
  wasmPaths?: string;
  log: Logger;
}

/**
 * Downloads (or reads from cache) and verifies the model, decodes it to typed arrays and
 * runs it on the JS engine. tfjs is imported only when a job needs it: a named tfjs backend
 * (set up before this resolves) or, with 'auto', the first job the policy gives to tfjs
 * (policy.ts). If no tfjs backend starts, the JS engine runs every job (one warning).
 */
export async function loadModel(opts: LoadModelOptions): Promise<ModelRuntime> {
  const { log } = opts;
  const wasmPaths = opts.wasmPaths ?? besideRuntime();
  if (opts.backend === 'wasm' && !wasmPaths) log.warn('backend wasm without wasmPaths: tfjs looks for its .wasm files beside the page (copy them with `npx vitrine assets`, pass their folder as wasmPaths)');
  const folder = fetchModel(opts.url, opts);
  const tables = folder.then((f) => readTables(f.manifest, f.files));
  tables.catch(() => {}); // a failed download surfaces once, from `await folder` below, not as an unhandled rejection too
  let gpu: Promise<GpuProbe> | undefined;
  const probe = () => (gpu ??= probeWebGPU());
  let selecting: Promise<TfjsBackend | null> | undefined;
  let starting: Promise<Engine | null> | undefined;
  let tfjs: Engine | null = null;
  const select = (): Promise<TfjsBackend | null> =>
    (selecting ??= (async () => {
      try {
        const found = await probe();
        if (opts.backend === 'webgpu' && found === 'none') log.debug('backend webgpu skipped: this browser has no WebGPU adapter (the next backend runs)');
        const plan = tfjsPlan(opts.backend, found);
        if (plan.length === 0) return null;
        const { selectBackend } = await import('./tfjs/index');
        return await selectBackend(plan, wasmPaths, log);
      } catch (error) {
        log.warn('no tfjs backend could start; the JS engine runs every job', error);
        return null;
      }
    })());
  const startTfjs = (): Promise<Engine | null> =>
    (starting ??= select().then(async (backend) => {
      if (!backend) return null;
      try {
        const { TfjsEngine } = await import('./tfjs/index');
        return (tfjs = new TfjsEngine(backend, await tables, tokensPerItem((await folder).manifest.features)));
      } catch (error) {
        log.warn(`the model could not be set up on tfjs ${backend}; the JS engine runs every job`, error);
        return null;
      }
    }));
  const forced = jobEngine(opts.backend, 0, 'none') === 'tfjs';
  if (forced) void select(); // a named backend starts while the model downloads
  const { manifest, bytes, source, update, storage } = await folder;
  const decoded = await tables;
  const js = jsEngine(decoded);
  const known = knownTest(decoded.known);
  const memo = memoTokenizer(manifest.features, TOKEN_MEMO_SIZE, known);
  const plain = tokenizer(manifest.features, known);
  const historyPart = lastHistory(manifest.features, (await tables).seq, memo);
  // jobs larger than the memo would only churn it
  const prepare = (candidates: readonly ItemAttrs[]): PreparedCandidates => Object.assign(prepareCandidates(candidates, candidates.length <= TOKEN_MEMO_SIZE ? memo : plain), { [PREPARED]: true as const });
  const engineFor = async (count: number): Promise<Engine> => {
    const found = forced || probeFirst(opts.backend, count) ? await probe() : 'none';
    return jobEngine(opts.backend, count, found) === 'tfjs' ? ((await startTfjs()) ?? js) : js;
  };
  let last = await engineFor(1);
  log.debug(`model ${manifest.modelVersion} (${bytes} bytes, ${source}) on ${last.name}`);
  // explanations and recommendations: a chunk of their own, imported on the first call
  const onDemand = () => import('../../recommend/index');
  let recommender: RecommenderStatus | null = null;
  const runtime: ModelRuntime = {
    get backend() {
      return last.name;
    },
    manifest,
    modelBytes: bytes,
    source,
    update,
    storage,
    prepare,
    snapshot: (history) => snapshotParts(historyPart(history), decoded),
    async score(history, candidates) {
      const job: Job = { history: historyPart(history), ...(isPrepared(candidates) ? candidates : prepare(candidates)) };
      last = await engineFor(job.candidates.count);
      return last.score(job);
    },
    explain: (history, item, top) => onDemand().then((m) => m.explainScore(runtime.score, history, item, top)),
    recommend: (history, o) => onDemand().then((m) => m.recommend({ manifest, url: opts.url, score: runtime.score, prepare, log, tables: decoded, backend: opts.backend, report: (r) => (recommender = r) }, history, o)),
    recommender: () => recommender,
    coverage: contentCoverage((item) => knowsContent(decoded, manifest.features, item), manifest.modelVersion, log),
    numTensors: () => tfjs?.numTensors() ?? 0,
    dispose() {
      void starting?.then((engine) => engine?.dispose());
    },
  };
  return runtime;
}
