import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launchBrowser } from '../support/browser';
import { readModelFolder } from '../../cli/model-io';
import { scoreReference } from '../../src/model/reference';
import type { HistoryEvent, ItemAttrs } from '../../src/features/types';
import { MODEL, ROOT, startSite, type Browser, type Site } from './harness';

/**
 * The shipped model gives the same scores on every tfjs backend (WebGPU on the
 * SwiftShader adapter included) and as the Node reference scorer, within float tolerance
 * (for attentive-two-tower-v2: learned attention and the repeat term included).
 */
describe('backend parity of the built ML runtime (dist/browser/vitrine-ml.mjs)', () => {
  let site: Site;
  let browser: Browser;
  let history: HistoryEvent[];
  let candidates: ItemAttrs[];
  let reference: Float32Array;
  before(async () => {
    site = await startSite();
    browser = await launchBrowser({ webgpu: true });
    const ps = site.products;
    // newest first; products 0 and 1 come back later in the history, so the repeat term of v2 models is exercised with repeats
    history = [...ps.slice(0, 12), ps[0], ps[1], ps[0]].map((p, i) => ({ item: p.id, type: i % 5 === 0 ? 'add_to_cart' : 'view', time: 1_700_000_000_000 - i * 1000, attrs: { category: p.category, brand: p.brand, price: p.price } }));
    candidates = [...ps.map((p) => ({ id: p.id, category: p.category, brand: p.brand, price: p.price })), { id: 'never-seen', category: 'electronics.smartphone', brand: 'samsung', price: 200 }];
    const { manifest, tables } = readModelFolder(path.join(ROOT, 'models/demo'));
    reference = scoreReference(history, candidates, manifest.features, tables);
    if (manifest.arch === 'attentive-two-tower-v2') assert.ok(tables.seq, 'v2 model read with its history parameters');
  });
  after(async () => {
    await browser?.close();
    await site?.server.close();
  });

  for (const backend of ['cpu', 'wasm', 'webgl', 'webgpu']) {
    test(`${backend}: same scores and order as the Node reference`, async () => {
      const page = await browser.newPage();
      await page.goto(site.page(`parity-${backend}`, { model: '/models/none.json', scriptAttrs: { 'data-auto-reorder': 'false' } }));
      const out = await page.evaluate(
        async ({ backend, model, history, candidates }) => {
          const { loadModel } = await import('/vendor/vitrine-ml.mjs' as string);
          // no named functions in evaluated code: tsx's keepNames helper (__name) does not exist in the page
          const log = { warn: console.warn.bind(console), debug: Function.prototype };
          const runtime = await loadModel({ url: model, backend, cache: false, maxAge: 0, log });
          const scores = Array.from(await runtime.score(history, candidates)) as number[];
          const adapter = backend === 'webgpu' ? await (navigator as any).gpu.requestAdapter() : null;
          return { used: runtime.backend, scores, fallback: adapter ? adapter.info.isFallbackAdapter || /swiftshader/i.test(adapter.info.architecture) : null };
        },
        { backend, model: MODEL, history, candidates },
      );
      await page.close();
      assert.equal(out.used, backend);
      if (backend === 'webgpu') assert.equal(out.fallback, true, 'ran on the software (SwiftShader) adapter');
      const scale = Math.max(...Array.from(reference, Math.abs));
      const tolerance = 1e-4 * scale;
      out.scores.forEach((s, i) => assert.ok(Math.abs(s - reference[i]) <= tolerance, `${backend} item ${i}: ${s} vs ${reference[i]}`));
      // order: any two items whose reference scores differ by more than the tolerance keep their relative order
      for (let i = 0; i < reference.length; i++)
        for (let j = 0; j < reference.length; j++)
          if (reference[i] - reference[j] > 2 * tolerance) assert.ok(out.scores[i] > out.scores[j], `${backend}: order of ${i} and ${j}`);
    });
  }
});
