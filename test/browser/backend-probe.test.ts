/**
 * A tfjs backend whose probe found nothing is never initialised: asked for WebGPU where the
 * browser has no adapter (Chromium without --enable-unsafe-webgpu), or WebGL where no context can
 * be had, the built runtime does not import or start that backend — tfjs prints nothing — says so
 * in one debug line, and the next backend scores as src/model/arch does.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { readModelFolder } from '../../cli/model-io';
import { scoreEvents } from '../../src/model/arch/job';
import type { HistoryEvent, ItemAttrs } from '../../src/features/types';
import { MODEL, ROOT, startSite, type Site } from './harness';

/** Chromium's own line when a page asks for a WebGPU adapter and there is none (our probe asks once). */
const BROWSER_NO_ADAPTER = /^No available adapters\.$/;

/** Makes every WebGL context request fail, as on a machine without usable GPU drivers (a string: it runs in the page). */
const NO_WEBGL = `for (const C of [globalThis.HTMLCanvasElement, globalThis.OffscreenCanvas]) {
  if (!C) continue;
  const get = C.prototype.getContext;
  C.prototype.getContext = function (type, ...rest) { return /webgl/i.test(type) ? null : get.call(this, type, ...rest); };
}`;

interface Run {
  used: string;
  scores: number[];
  /** Every console message of the page but debug ones, as "type: text". */
  console: string[];
  /** The SDK's debug lines. */
  debug: string[];
  /** Runtime chunks the page requested. */
  chunks: string[];
}

async function run(page: Page, site: Site, backend: string, history: HistoryEvent[], items: ItemAttrs[]): Promise<Run> {
  const messages: { type: string; text: string }[] = [];
  const chunks: string[] = [];
  page.on('console', (m) => messages.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => messages.push({ type: 'pageerror', text: e.message }));
  page.on('request', (r) => {
    const name = path.basename(new URL(r.url()).pathname);
    if (name.startsWith('vitrine-ml')) chunks.push(name);
  });
  await page.goto(site.page(`probe-${backend}`, { model: '/models/none.json', scriptAttrs: { 'data-auto-reorder': 'false' } }));
  const out = (await page.evaluate(
    async ({ backend, model, history, items }) => {
      const { loadModel } = await import('/vendor/vitrine-ml.mjs' as string);
      // the SDK's logger, as with data-debug: warnings and debug lines to the console (no named functions here: tsx's __name helper does not exist in the page)
      const log = { warn: console.warn.bind(console, '[vitrine]'), debug: console.debug.bind(console, '[vitrine]') };
      const runtime = await loadModel({ url: model, backend, cache: false, maxAge: 0, log });
      const scores = Array.from(await runtime.score(history, items)) as number[];
      const used = runtime.backend as string;
      runtime.dispose();
      return { used, scores };
    },
    { backend, model: MODEL, history, items },
  )) as { used: string; scores: number[] };
  return {
    ...out,
    console: messages.filter((m) => m.type !== 'debug').map((m) => `${m.type}: ${m.text}`),
    debug: messages.filter((m) => m.type === 'debug' && m.text.startsWith('[vitrine]')).map((m) => m.text),
    chunks,
  };
}

describe('a tfjs backend whose probe found nothing is not touched', () => {
  let site: Site;
  let plain: Browser;
  let history: HistoryEvent[];
  let items: ItemAttrs[];
  let reference: Float32Array;
  before(async () => {
    site = await startSite();
    plain = await launchBrowser(); // no --enable-unsafe-webgpu: navigator.gpu exists, requestAdapter() gives null
    const ps = site.products;
    history = ps.slice(0, 8).map((p, i) => ({ item: p.id, type: 'view', time: 1_700_000_000_000 - i * 1000, attrs: { category: p.category, brand: p.brand, price: p.price } }));
    items = ps.map((p) => ({ id: p.id, category: p.category, brand: p.brand, price: p.price }));
    const folder = readModelFolder(path.join(ROOT, 'models/demo'));
    reference = scoreEvents(history, items, folder.manifest.features, folder.tables);
  });
  after(async () => {
    await plain?.close();
    await site?.server.close();
  });

  const assertScores = (got: number[]) => {
    const tolerance = 1e-4 * Math.max(...Array.from(reference, Math.abs));
    got.forEach((s, i) => assert.ok(Math.abs(s - reference[i]) <= tolerance, `item ${i}: ${s} vs ${reference[i]}`));
  };

  test("backend 'webgpu' and no adapter: the WebGPU backend is never imported, nothing is printed but one debug line; WASM scores", async () => {
    const page = await plain.newPage();
    const out = await run(page, site, 'webgpu', history, items);
    await page.close();
    assert.deepEqual(out.console.filter((m) => !BROWSER_NO_ADAPTER.test(m.replace(/^warning: /, ''))), [], 'no warning or error from tfjs or the SDK');
    assert.ok(out.console.length <= 1, `the browser's own no-adapter line, once at most: ${out.console.join(' | ')}`);
    assert.deepEqual(out.chunks.filter((c) => /backend-webgpu/.test(c)), [], 'the WebGPU backend chunk is not even loaded');
    assert.equal(out.debug.filter((d) => /webgpu/i.test(d)).length, 1, out.debug.join('\n'));
    assert.equal(out.used, 'wasm');
    assertScores(out.scores);
  });

  test("backend 'webgl' and no WebGL context: tfjs's WebGL backend is never started, one debug line; WASM scores", async () => {
    const context = await plain.newContext();
    await context.addInitScript({ content: NO_WEBGL });
    const page = await context.newPage();
    const out = await run(page, site, 'webgl', history, items);
    await context.close();
    assert.deepEqual(out.console.filter((m) => !BROWSER_NO_ADAPTER.test(m.replace(/^warning: /, ''))), [], 'no warning or error from tfjs or the SDK');
    assert.deepEqual(out.chunks.filter((c) => /backend-webgl/.test(c)), [], 'the WebGL backend chunk is not even loaded');
    assert.equal(out.debug.filter((d) => /webgl/i.test(d)).length, 1, out.debug.join('\n'));
    assert.equal(out.used, 'wasm');
    assertScores(out.scores);
  });

  test("backend 'webgl', no WebGL context and no WebAssembly either: both skipped with a debug line each, nothing printed; CPU scores", async () => {
    const context = await plain.newContext();
    await context.addInitScript({ content: `${NO_WEBGL} WebAssembly.Module = function () { throw new WebAssembly.CompileError('refused by test'); };` });
    const page = await context.newPage();
    const out = await run(page, site, 'webgl', history, items);
    await context.close();
    assert.deepEqual(out.console.filter((m) => !BROWSER_NO_ADAPTER.test(m.replace(/^warning: /, ''))), []);
    assert.deepEqual(out.chunks.filter((c) => /backend-(webgl|wasm)/.test(c)), []);
    assert.equal(out.debug.filter((d) => /skipped/.test(d)).length, 2, out.debug.join('\n'));
    assert.equal(out.used, 'cpu');
    assertScores(out.scores);
  });
});
