import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page, Request } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { readModelFolder } from '../../cli/model-io';
import { scoreEvents } from '../../src/model/arch/job';
import { idTerm } from '../../src/model/arch/history';
import type { TowerTables } from '../../src/model/arch/types';
import type { FeatureSpec } from '../../src/features/spec';
import type { HistoryEvent, ItemAttrs } from '../../src/features/types';
import { AUTO_WEBGPU_FROM } from '../../src/model/runtime/policy';
import { MODEL_KERNELS } from '../../src/model/runtime/tfjs/kernels';
import { MODEL, ROOT, startSite, type Browser, type Site } from './harness';

const ENGINES = ['js', 'cpu', 'wasm', 'webgl', 'webgpu'] as const;
const CATS = ['electronics.smartphone', 'appliances.kitchen.washer', 'computers.notebook', 'apparel.shoes', 'furniture.living_room.sofa'];

/** `n` synthetic candidates, every one distinct (id, category, brand, price band). */
const synthetic = (n: number): ItemAttrs[] => Array.from({ length: n }, (_, i) => ({ id: `s${i}`, category: `${CATS[i % 5]}.k${i % 37}`, brand: `b${i % 101}`, price: 3 + ((i * 7919) % 2000) }));

interface PageRun {
  used: string;
  /** Scores of each job, in order. */
  scores: number[][];
  /** tfjs tensors after each job. */
  tensors: number[];
  /** Kernels in tfjs's global registry, `${backend}_${kernel}`. */
  kernels: string[];
  fallback: boolean | null;
}

/** Loads the built ML runtime in a fresh page and scores each job there. */
async function runInPage(page: Page, backend: string, history: HistoryEvent[], jobs: ItemAttrs[][]): Promise<PageRun> {
  return page.evaluate(
    async ({ backend, model, history, jobs }) => {
      const { loadModel } = await import('/vendor/vitrine-ml.mjs' as string);
      // no named functions in evaluated code: tsx's keepNames helper (__name) does not exist in the page
      const log = { warn: console.warn.bind(console), debug: Function.prototype };
      const runtime = await loadModel({ url: model, backend, cache: false, maxAge: 0, log });
      const scores: number[][] = [];
      const tensors: number[] = [];
      for (const job of jobs) {
        scores.push(Array.from(await runtime.score(history, job)) as number[]);
        tensors.push(runtime.numTensors());
      }
      const registry = (globalThis as any)._tfGlobals?.get('kernelRegistry') as Map<string, unknown> | undefined;
      const adapter = backend === 'webgpu' ? await (navigator as any).gpu.requestAdapter() : null;
      const used = runtime.backend as string;
      runtime.dispose();
      return { used, scores, tensors, kernels: registry ? [...registry.keys()] : [], fallback: adapter ? adapter.info.isFallbackAdapter || /swiftshader/i.test(adapter.info.architecture) : null };
    },
    { backend, model: MODEL, history, jobs },
  );
}

/** Same scores as the reference within float tolerance, and the same order wherever the reference separates two items. */
function assertParity(label: string, got: number[], want: Float32Array): void {
  assert.equal(got.length, want.length, `${label}: one score per candidate`);
  const scale = Math.max(...Array.from(want, Math.abs));
  const tolerance = 1e-4 * scale;
  got.forEach((s, i) => assert.ok(Math.abs(s - want[i]) <= tolerance, `${label} item ${i}: ${s} vs ${want[i]}`));
  const order = Array.from(want.keys()).sort((a, b) => want[b] - want[a]);
  for (let k = 1; k < order.length; k++) {
    const [i, j] = [order[k - 1], order[k]];
    if (want[i] - want[j] > 2 * tolerance) assert.ok(got[i] > got[j], `${label}: order of ${i} and ${j}`);
  }
}

/**
 * Every engine of the built ML runtime (the plain JS engine and each slim tfjs backend,
 * WebGPU on the SwiftShader adapter included) gives the scores of src/model/arch, the one
 * implementation of the model, for a page-sized and a catalog-sized job.
 */
describe('engines of the built ML runtime (dist/browser/vitrine-ml.mjs)', () => {
  let site: Site;
  let browser: Browser;
  let history: HistoryEvent[];
  let small: ItemAttrs[];
  let large: ItemAttrs[];
  let spec: FeatureSpec;
  let tables: TowerTables;
  before(async () => {
    site = await startSite();
    browser = await launchBrowser({ webgpu: true });
    const ps = site.products;
    // newest first; products 0 and 1 come back later in the history, so the repeat term of v2 models is exercised with repeats
    history = [...ps.slice(0, 12), ps[0], ps[1], ps[0]].map((p, i) => ({ item: p.id, type: i % 5 === 0 ? 'add_to_cart' : 'view', time: 1_700_000_000_000 - i * 1000, attrs: { category: p.category, brand: p.brand, price: p.price } }));
    // the page's products, one never seen, a duplicate id (both get the repeat term) and one with no content at all
    small = [...ps.map((p) => ({ id: p.id, category: p.category, brand: p.brand, price: p.price })), { id: 'never-seen', category: 'electronics.smartphone', brand: 'samsung', price: 200 }, { id: ps[0].id, category: ps[0].category }, { id: 'bare' }];
    large = [...small, ...synthetic(20_000)];
    const folder = readModelFolder(path.join(ROOT, 'models/demo'));
    spec = folder.manifest.features;
    tables = folder.tables;
    assert.equal(folder.manifest.arch, 'attentive-two-tower-v2');
    // the shipped mix and item-to-item tables take part: some candidate that is not in the history gets an item-to-item score
    assert.ok(tables.items && tables.mix && tables.mix.successors + tables.mix.covisit > 0, 'models/demo ships item-to-item tables and a mix that uses them');
    const seen = new Set(history.map((e) => e.item));
    const term = idTerm(tables, Uint8Array.from(history, () => 0), history.map((e) => e.item), Math.min(history.length, spec.historyLength));
    const neighbours = [...term.keys()].filter((k) => !seen.has(k)).slice(0, 5);
    assert.ok(neighbours.length > 0, 'the history has item-to-item neighbours');
    // they are candidates too (ids only: their score past the id term comes from their id token)
    small.push(...neighbours.map((id) => ({ id })));
    large = [...small, ...synthetic(20_000)];
  });
  after(async () => {
    await browser?.close();
    await site?.server.close();
  });

  for (const engine of ENGINES) {
    test(`${engine}: the reference scores for a page and for 20,000 candidates; no tensor leaks; only the model's kernels`, async () => {
      const page = await browser.newPage();
      await page.goto(site.page(`parity-${engine}`, { model: '/models/none.json', scriptAttrs: { 'data-auto-reorder': 'false' } }));
      const out = await runInPage(page, engine, history, [small, small, large, small]);
      await page.close();
      assert.equal(out.used, engine);
      if (engine === 'webgpu') assert.equal(out.fallback, true, 'ran on the software (SwiftShader) adapter');
      assertParity(`${engine} page job`, out.scores[0], scoreEvents(history, small, spec, tables));
      assertParity(`${engine} 20,000 candidates`, out.scores[2], scoreEvents(history, large, spec, tables));
      assert.deepEqual(out.scores[3], out.scores[0], 'the same job scores the same after a large one');
      if (engine === 'js') {
        assert.deepEqual(out.tensors, [0, 0, 0, 0], 'the JS engine holds no tensors');
        assert.deepEqual(out.kernels, [], 'tfjs was never loaded');
      } else {
        assert.ok(out.tensors[0] > 0, 'the model tensors are counted');
        assert.deepEqual(out.tensors, out.tensors.map(() => out.tensors[0]), 'tensor count steady across jobs');
        const own = out.kernels.filter((k) => k.startsWith(`${engine}_`)).map((k) => k.slice(engine.length + 1));
        assert.deepEqual(own.sort(), [...MODEL_KERNELS].sort(), `${engine} registers only the model's kernels`);
      }
    });
  }

  /** The URLs of the ML runtime's chunks a page requested. */
  const chunksOf = (requests: Request[]) => requests.map((r) => path.basename(new URL(r.url()).pathname)).filter((n) => n.startsWith('vitrine-ml'));
  const tfjsChunk = (n: string) => /^vitrine-ml-(tfjs|backend)-/.test(n);

  test(`auto without a hardware GPU (SwiftShader only): every job on the JS engine, ${AUTO_WEBGPU_FROM} candidates included; tfjs never imported`, async () => {
    const page = await browser.newPage();
    const requests: Request[] = [];
    page.on('request', (r) => requests.push(r));
    await page.goto(site.page('auto-engine', { model: '/models/none.json', scriptAttrs: { 'data-auto-reorder': 'false' } }));
    const out = await runInPage(page, 'auto', history, [small, synthetic(AUTO_WEBGPU_FROM)]);
    await page.close();
    assert.equal(out.used, 'js');
    assert.deepEqual(out.tensors, [0, 0]);
    assert.deepEqual(chunksOf(requests).filter(tfjsChunk), [], 'no tfjs chunk was requested');
    assertParity('auto page job', out.scores[0], scoreEvents(history, small, spec, tables));
  });

  test(`auto with a hardware WebGPU adapter (SwiftShader presented as one): a page on the JS engine, ${AUTO_WEBGPU_FROM} candidates on tfjs WebGPU, the same scores`, async () => {
    const page = await browser.newPage();
    const requests: Request[] = [];
    page.on('request', (r) => requests.push(r));
    await page.goto(site.page('auto-gpu', { model: '/models/none.json', scriptAttrs: { 'data-auto-reorder': 'false' } }));
    // the same adapter, reporting itself as real hardware (what probeWebGPU reads); a string, so that no helper of the test's compiler leaks into the page
    await page.evaluate(`(() => {
      const gpu = navigator.gpu;
      const real = gpu.requestAdapter.bind(gpu);
      const info = { architecture: 'test-gpu', vendor: 'test', description: '', isFallbackAdapter: false };
      gpu.requestAdapter = async (...args) => {
        const adapter = await real(...args);
        return adapter && new Proxy(adapter, { get: (t, k) => (k === 'info' ? info : k === 'isFallbackAdapter' ? false : typeof t[k] === 'function' ? t[k].bind(t) : t[k]) });
      };
    })()`);
    const large = synthetic(AUTO_WEBGPU_FROM);
    const smallRun = await runInPage(page, 'auto', history, [small]);
    assert.equal(smallRun.used, 'js');
    assert.deepEqual(chunksOf(requests).filter(tfjsChunk), [], 'a page job loads no tfjs, GPU or not');
    const out = await runInPage(page, 'auto', history, [large, small]);
    await page.close();
    assert.equal(out.used, 'js', 'the latest job was small again');
    assert.ok(chunksOf(requests).some((n) => n.startsWith('vitrine-ml-backend-webgpu-')), 'the WebGPU backend chunk was loaded for the large job');
    assert.ok(!chunksOf(requests).some((n) => /^vitrine-ml-backend-(wasm|webgl|cpu)-/.test(n)), 'and no other backend');
    assert.ok(out.tensors[0] > 0, 'the large job ran on tfjs');
    assertParity(`auto ${AUTO_WEBGPU_FROM} candidates on WebGPU`, out.scores[0], scoreEvents(history, large, spec, tables));
  });

  test("backend 'js': never imports tfjs, whatever the job size", async () => {
    const page = await browser.newPage();
    const requests: Request[] = [];
    page.on('request', (r) => requests.push(r));
    await page.goto(site.page('js-engine', { model: '/models/none.json', scriptAttrs: { 'data-auto-reorder': 'false' } }));
    const out = await runInPage(page, 'js', history, [synthetic(AUTO_WEBGPU_FROM)]);
    await page.close();
    assert.equal(out.used, 'js');
    assert.deepEqual(chunksOf(requests).filter(tfjsChunk), []);
  });

  test('the script tag on the default backend ranks a page without requesting any tfjs chunk', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests: Request[] = [];
    page.on('request', (r) => requests.push(r));
    await page.goto(site.page('auto-script-tag', { scriptAttrs: { 'data-auto-reorder': 'false' } }));
    const stats = await page.evaluate(async (products) => {
      const v = (window as any).vitrine;
      await v.ready();
      for (const p of products.slice(0, 3)) await v.track({ item: p.id, type: 'click', attrs: { category: p.category } });
      const ranked = await v.rank(products.map((p: any) => ({ ...p })));
      await v.explain(products[0].id);
      return { ...v.stats(), ranked: ranked.length };
    }, site.products);
    await context.close();
    assert.equal(stats.state, 'ready');
    assert.equal(stats.backend, 'js');
    assert.equal(stats.tensors, 0);
    assert.equal(stats.ranked, site.products.length);
    assert.ok(chunksOf(requests).includes('vitrine-ml.mjs'));
    assert.deepEqual(chunksOf(requests).filter(tfjsChunk), []);
  });
});
