/**
 * The recommendation worker (dist/browser/vitrine-rec-worker.mjs, a build of its own: no imports,
 * started by src/recommend/remote.ts for packs of RECOMMEND_WORKER_MIN_BYTES and more): it
 * downloads, verifies, parses, decodes and encodes the pack once, then answers queries with the JS engine
 * on the model tables the page sent, so none of that runs on the page's main thread.
 * Messages: in `{ id, op: 'load', url, file, features, tables }` | `{ id, op: 'query', q }`;
 * out `{ ready: true }` once started, then `{ id, ok: true, value }` | `{ id, ok: false, error }`.
 */
import type { FeatureSpec } from '../features/spec';
import type { TowerTables } from '../model/arch/types';
import type { ModelFile } from '../model/format';
import { prepareCandidates, type CandidatePart } from '../model/arch/job';
import { tokenizer } from '../model/arch/tokens';
import { downloadListed } from '../model/download';
import { jsEngine } from '../model/runtime/engine';
import { lastHistory } from '../model/runtime/memo';
import { openCatalog, query, type Loaded, type Query, type Scorer } from './catalog';

interface Scope {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: { id: number; op: string; url?: string; file?: ModelFile; features?: FeatureSpec; tables?: TowerTables; q?: Query } }) => void) | null;
}
const scope = self as unknown as Scope;
let state: { loaded: Loaded<CandidatePart>; score: Scorer<CandidatePart> } | undefined;

scope.onmessage = async ({ data: m }) => {
  try {
    let value: unknown;
    if (m.op === 'load') {
      const engine = jsEngine(m.tables!);
      const tokens = tokenizer(m.features!);
      const history = lastHistory(m.features!, m.tables!.seq, tokens);
      const loaded = await openCatalog(await downloadListed(m.url!, m.file!.bytes), m.file!, (items) => prepareCandidates(items, tokens));
      state = { loaded, score: (h, part) => engine.score({ history: history(h), ...part }) };
      value = loaded.catalog.items.length;
    } else if (m.op === 'query' && state) value = await query(state.loaded, state.score, m.q!);
    else throw new Error(`unknown message ${m.op}`);
    scope.postMessage({ id: m.id, ok: true, value });
  } catch (error) {
    scope.postMessage({ id: m.id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
};
scope.postMessage({ ready: true });
