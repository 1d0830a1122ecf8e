/**
 * Top-20 `for-you` over synthetic catalogs of 10k / 50k / 100k / 500k items, per engine (JS, tfjs
 * WASM, WebGL, WebGPU on Chromium's software adapter with --enable-unsafe-webgpu), on the built
 * script tag in headless Chromium: a fresh context per cell, 20 tracked events, then
 * `recommend({ kind: 'for-you', k: 20 })` twice: the first call downloads, verifies, parses,
 * decodes and encodes the pack (cold), the second scores only (warm). Main-thread long tasks
 * (> 50 ms, from a Chromium trace) are counted over both calls, with the main thread's busy time (all its tasks). Engine `js-main` is `js` on a page
 * whose CSP forbids workers (`worker-src 'none'`): packs above the worker crossover
 * (RECOMMEND_WORKER_MIN_BYTES) then run on the main thread, in slices; `used` says where.
 * `npm run build && npx tsx bench/recommend.ts [sizes=10000,50000] [engines=js,js-main,wasm]`
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchBrowser } from '../test/support/browser';
import { startServer } from '../test/support/server';
import { traceLongTasks } from '../test/support/long-tasks';
import { syntheticPack as pack } from '../test/support/synthetic-pack';

const ROOT = path.resolve(import.meta.dirname, '..');
const sizes = (process.argv[2] ?? '10000,50000,100000,500000').split(',').map(Number);
const engines = (process.argv[3] ?? 'js,wasm,webgl,webgpu').split(',');
const models = mkdtempSync(path.join(tmpdir(), 'vitrine-rec-bench-'));
for (const n of sizes) {
  const dir = path.join(models, String(n));
  cpSync(path.join(ROOT, 'models/demo'), dir, { recursive: true });
  const text = pack(n);
  writeFileSync(path.join(dir, 'catalog.json'), text);
  const m = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  m.catalog = { path: 'catalog.json', bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') };
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m));
}
const pages = mkdtempSync(path.join(tmpdir(), 'vitrine-rec-bench-pages-'));
for (const n of sizes)
  for (const e of engines) {
    writeFileSync(path.join(pages, `${n}-${e}.html`), `<!doctype html><script src="/vendor/vitrine.iife.js" data-model="/models/${n}/manifest.json" data-backend="${e.replace('-main', '')}"></script><p>bench</p>`);
    if (e.endsWith('-main')) writeFileSync(path.join(pages, `${n}-${e}.html.headers.json`), JSON.stringify({ 'content-security-policy': "worker-src 'none'" }));
  }
const server = await startServer({ '/vendor/': path.join(ROOT, 'dist/browser'), '/models/': models, '/pages/': pages });
const browser = await launchBrowser({ webgpu: true });
console.log(`| engine | items | pack MB | used | cold ms (download … top-20) | warm ms (top-20) | main-thread busy ms (tasks) | long tasks > 50 ms (longest ms) |\n|---|---:|---:|---|---:|---:|---:|---|`);
for (const e of engines)
  for (const n of sizes) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/pages/${n}-${e}.html`);
    await page.waitForFunction(() => (window as any).vitrine?.recommend);
    await page.evaluate(async () => {
      const v = (window as any).vitrine;
      for (let i = 0; i < 20; i++) await v.track({ item: `b${i * 7}`, type: 'click', attrs: { category: i % 2 ? 'computers.notebook' : 'electronics.smartphone', brand: 'acer' } });
      await v.ready();
    });
    let t: { cold: number; warm: number; used: string; n: number } = { cold: NaN, warm: NaN, used: '', n: 0 };
    const all = await traceLongTasks(browser, page, async () => {
      t = await page.evaluate(async () => {
        const v = (window as any).vitrine;
        const t0 = performance.now();
        await v.recommend({ kind: 'for-you', k: 20 });
        const t1 = performance.now();
        const r = await v.recommend({ kind: 'for-you', k: 20 });
        const where = v.stats().recommender?.where;
        return { cold: t1 - t0, warm: performance.now() - t1, used: `${v.stats().backend}, ${where}`, n: r.length };
      });
    }, '/vendor/', 0);
    const tasks = all.filter((x) => x.endTs - x.ts > 50_000);
    const busy = all.reduce((sum, x) => sum + (x.endTs - x.ts) / 1000, 0);
    if (process.env.TASKS) for (const x of tasks) console.error(`  ${x.ms} ms: ${x.top.join(', ')}`);
    const longest = tasks.reduce((m, x) => Math.max(m, x.ms), 0);
    const mb = (readFileSync(path.join(models, String(n), 'catalog.json')).length / 1e6).toFixed(2);
    console.log(`| ${e} | ${n.toLocaleString('en')} | ${mb} | ${t.used}${t.n === 20 ? '' : ` (${t.n} results)`} | ${t.cold.toFixed(0)} | ${t.warm.toFixed(1)} | ${busy.toFixed(0)} (${all.length}) | ${tasks.length}${tasks.length ? ` (${longest})` : ''} |`);
    await context.close();
  }
await browser.close();
await server.close();
