/**
 * The Next.js 16 app-router fixture (test/react/next-fixture/) against the packed package: `npm pack`
 * of this repository (dist/ as built), unpacked into the fixture's node_modules/vitrine as npm would
 * install it, the model and tfjs's .wasm copied into public/ with the package's own
 * `npx vitrine assets public --wasm`, then for each bundler (Turbopack, the default of `next build`,
 * and `next build --webpack`): the build (a bundler that cannot resolve something in the package
 * fails here: "Module not found"), `next start` on a free port, and in Chromium the server HTML,
 * hydration, and a returning shopper's first view recorded frame by frame.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';

const ROOT = path.resolve(import.meta.dirname, '../..');
const APP = path.join(import.meta.dirname, 'next-fixture');
const PACKED = path.join(ROOT, 'node_modules/.cache/vitrine-next');
const NEXT_BIN = path.join(APP, 'node_modules/next/dist/bin/next');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

for (const need of ['dist/esm/react.mjs', 'dist/cli.mjs', 'dist/types/entries/react.d.ts']) {
  if (!existsSync(path.join(ROOT, need))) throw new Error(`the Next.js test needs ${need}: run \`npm run build\` first (npm test does)`);
}

/** Runs a command to its end; throws with its output when it fails. */
function run(command: string, args: string[], cwd: string, extra: Record<string, string> = {}): string {
  const r = spawnSync(command, args, { cwd, env: { ...env, ...extra }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${path.relative(ROOT, cwd) || '.'}) exited ${r.status ?? r.signal}:\n${output}`);
  return output;
}

const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);

const products: { id: string; category: string }[] = [...readFileSync(path.join(APP, 'app/products.ts'), 'utf8').matchAll(/"id":"([^"]+)".*?"category":"([^"]+)"/g)].map((m) => ({ id: m[1], category: m[2] }));
const original = products.map((p) => p.id);
const categoryOf = new Map(products.map((p) => [p.id, p.category]));
/** Mean position (0 = first) of the products of one category. */
const meanRank = (order: string[], category: string) => {
  const at = order.flatMap((id, i) => (categoryOf.get(id) === category ? [i] : []));
  return at.reduce((s, i) => s + i, 0) / at.length;
};

let browser: Browser;
before(async () => {
  assert.ok(products.length >= 10, 'the fixture has its products');
  // the fixture's own dependencies, from its lockfile (.ci/run installs them first; here only when missing)
  if (!existsSync(NEXT_BIN)) {
    const t = Date.now();
    run('npm', ['ci', '--no-audit', '--no-fund'], APP);
    console.log(`next-fixture: npm ci in ${seconds(t)} s`);
  }
  // the package as npm publishes it: `npm pack` (dist/ is built; no prepack rebuild), unpacked where npm installs it
  const t = Date.now();
  rmSync(PACKED, { recursive: true, force: true });
  mkdirSync(PACKED, { recursive: true });
  const tarball = run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', PACKED], ROOT).trim().split('\n').pop()!;
  const installed = path.join(APP, 'node_modules/vitrine');
  rmSync(installed, { recursive: true, force: true });
  mkdirSync(installed, { recursive: true });
  run('tar', ['-xzf', path.join(PACKED, tarball), '-C', installed, '--strip-components=1'], ROOT);
  // the `bin` link npm makes on install
  const bin = path.join(APP, 'node_modules/.bin/vitrine');
  rmSync(bin, { force: true });
  symlinkSync('../vitrine/dist/cli.mjs', bin);
  chmodSync(path.join(installed, 'dist/cli.mjs'), 0o755);
  // the README's step: what the browser fetches, into public/
  rmSync(path.join(APP, 'public'), { recursive: true, force: true });
  const assets = run('npx', ['--no', 'vitrine', 'assets', 'public', '--wasm'], APP);
  assert.match(assets, /public\/models\/base\/weights\.bin/);
  assert.match(assets, /public\/tfjs\/tfjs-backend-wasm-simd\.wasm/);
  console.log(`next-fixture: packed ${tarball}, unpacked, vitrine assets in ${seconds(t)} s`);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

interface RouteJs {
  files: number;
  bytes: number;
  gzip: number;
  /** gzip -9 of the chunks that hold vitrine/react's code (with whatever else the bundler put in them; Turbopack splits the core off into others). */
  vitrineGzip: number;
}
/** JS each prerendered route loads at first (its <script src> tags; not the `noModule` polyfills), raw and gzip -9. */
function firstLoadJs(distDir: string): Record<string, RouteJs> {
  const out: Record<string, RouteJs> = {};
  for (const [route, file] of [['/', 'index.html'], ['/_not-found', '_not-found.html']]) {
    const html = readFileSync(path.join(distDir, 'server/app', file), 'utf8');
    const srcs = new Set([...html.matchAll(/<script\b([^>]*)>/g)].filter((m) => !/\bnomodule\b/i.test(m[1])).flatMap((m) => [...m[1].matchAll(/\bsrc="\/_next\/([^"?]+)/g)].map((s) => s[1])));
    let bytes = 0;
    let gzip = 0;
    let vitrineGzip = 0;
    for (const src of srcs) {
      const data = readFileSync(path.join(distDir, src));
      const packed = gzipSync(data, { level: 9 }).length;
      bytes += data.length;
      gzip += packed;
      if (data.includes('vitrine-hold')) vitrineGzip += packed;
    }
    out[route] = { files: srcs.size, bytes, gzip, vitrineGzip };
  }
  return out;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** `next start` on a free port, resolved once it answers; its own process group, ended by its id. */
async function start(): Promise<{ url: string; stop(): Promise<void>; log: () => string }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'], { cwd: APP, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      await exited;
    }
  };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`next start exited ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 600) {
      await stop();
      throw new Error(`next start did not answer in 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop, log: () => output };
}

/** Console errors, warnings, page errors, and anything React says about hydration (any level), of one page. */
function watch(page: Page) {
  const log = { errors: [] as string[], warnings: [] as string[], hydration: [] as string[], requests: [] as string[] };
  page.on('console', (m) => {
    if (m.type() === 'error') log.errors.push(`${m.text()} ${m.location().url}`);
    // Chromium's own "No available adapters." (WebGPU probed where it has none) among them: printed, not failed
    if (m.type() === 'warning') log.warnings.push(m.text());
    // production React reports a mismatch as a recoverable error (#418, #423, #425): by number, or in words
    if (/hydrat|did not match|server rendered html|#41[89]|#42[35]/i.test(m.text())) log.hydration.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => log.errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => log.requests.push(new URL(r.url()).pathname));
  return log;
}

interface Frame {
  ids: string;
  visible: boolean;
  status: string;
}
declare global {
  interface Window {
    /** The list at each animation frame where it differed from the frame before (ids, visible, status). */
    __frames: Frame[];
    /** The list's order after each DOM change of it, painted or not. */
    __orders: string[];
  }
}

/**
 * Injected before any page script: records the product list at every animation frame (what is
 * painted: its order and whether it is visible) and after every DOM mutation (each order it ever had),
 * once all `count` products are in it (the parser may have given part of it so far). Plain JS in a
 * string: a function compiled by tsx would carry its `__name` helper, which the page does not have.
 */
const recorder = (count: number) => `(() => {
  const count = ${count};
  window.__frames = [];
  window.__orders = [];
  const read = () => {
    const list = document.getElementById('products');
    const ids = list ? [...list.querySelectorAll('button[data-id]')].map((b) => b.dataset.id) : [];
    return list && ids.length === count ? { list, ids: ids.join(',') } : null;
  };
  const frame = () => {
    const now = read();
    if (now) {
      const f = { ids: now.ids, visible: getComputedStyle(now.list).visibility !== 'hidden', status: now.list.dataset.status || '' };
      const last = window.__frames[window.__frames.length - 1];
      if (!last || last.ids !== f.ids || last.visible !== f.visible || last.status !== f.status) window.__frames.push(f);
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  new MutationObserver(() => {
    const now = read();
    if (now && window.__orders[window.__orders.length - 1] !== now.ids) window.__orders.push(now.ids);
  }).observe(document, { childList: true, subtree: true });
})();`;

const listOrder = (page: Page) => page.$$eval('#products button[data-id]', (els) => els.map((e) => (e as HTMLElement).dataset.id!));
const settled = (page: Page) => page.waitForFunction(() => ['personalized', 'page'].includes(document.getElementById('products')?.dataset.status ?? ''), null, { timeout: 60_000 });

const sizes: Record<string, ReturnType<typeof firstLoadJs>> = {};

for (const bundler of ['turbopack', 'webpack'] as const) {
  test(`Next.js 16 app router, next build${bundler === 'webpack' ? ' --webpack' : ''} (${bundler}): builds against the packed package, server-renders the list, hydrates without a message, a returning shopper's order changes once and before it is shown`, { timeout: 20 * 60_000 }, async () => {
    // (4) the build: a module the bundler cannot resolve in the package fails it
    let t = Date.now();
    const distDir = path.join(APP, '.next');
    rmSync(distDir, { recursive: true, force: true });
    // the fixture's types are checked in the first build (they do not depend on the bundler)
    const output = run(process.execPath, [NEXT_BIN, 'build', ...(bundler === 'webpack' ? ['--webpack'] : [])], APP, bundler === 'webpack' ? { VITRINE_FIXTURE_SKIP_TYPECHECK: '1' } : {});
    const buildSeconds = seconds(t);
    assert.match(output, new RegExp(`Next\\.js 16\\.[^\\n]*\\(${bundler === 'webpack' ? 'webpack' : 'Turbopack'}\\)`, 'i'), output);
    assert.doesNotMatch(output, /Module not found|Can't resolve|Critical dependency/i, output);
    sizes[bundler] = firstLoadJs(distDir);

    const server = await start();
    const context = await browser.newContext();
    try {
      // (1) the server's HTML holds the list, in the page's order, pending and held
      const html = await (await fetch(`${server.url}/`)).text();
      assert.deepEqual([...html.matchAll(/data-id="([^"]+)"/g)].map((m) => m[1]), original, 'server HTML: every product, in the page order');
      assert.match(html, /<ul id="products" data-status="pending"[^>]*style="animation:vitrine-hold 4000ms"/, 'server HTML: the list is held');
      assert.match(html, /@keyframes vitrine-hold/, 'server HTML: the hold keyframes');
      // the headers next.config.mjs sets for the model and tfjs's .wasm
      const head = async (p: string) => (await fetch(`${server.url}${p}`, { headers: { 'accept-encoding': 'gzip' } })).headers;
      assert.equal((await head('/models/base/manifest.json')).get('cache-control'), 'no-cache');
      const weights = await head('/models/base/weights.bin');
      const wasm = await head('/tfjs/tfjs-backend-wasm-simd.wasm');
      assert.equal(weights.get('cache-control'), 'public, max-age=86400');
      assert.equal(wasm.get('cache-control'), 'public, max-age=86400');
      const encoding = `weights.bin ${weights.get('content-encoding') ?? 'identity'}, .wasm ${wasm.get('content-encoding') ?? 'identity'}`;

      await context.addInitScript(recorder(products.length));
      const page = await context.newPage();
      const log = watch(page);
      // (2) a first visit: hydration, no history, the page order stands
      await page.goto(`${server.url}/`);
      await settled(page);
      await page.waitForFunction(() => document.getElementById('status')?.dataset.state !== 'none', null, { timeout: 60_000 });
      assert.equal(await page.$eval('#products', (e) => (e as HTMLElement).dataset.status), 'page', 'no history: the page order is final');
      assert.deepEqual(await listOrder(page), original);

      // a shopper clicks three products of the category that starts furthest down the page
      const target = products[products.length - 1].category;
      const clicked = products.filter((p) => p.category === target).slice(0, 3);
      for (const p of clicked) await page.click(`#products button[data-id="${p.id}"]`);
      // the model loads after the first event; the snapshot (the next view's order) is stored once it ran
      await page.waitForFunction((n) => Number(document.getElementById('status')?.dataset.snapshot) >= n, clicked.length, { timeout: 120_000 });
      assert.equal(await page.$eval('#status', (e) => (e as HTMLElement).dataset.backend), 'wasm', 'tfjs as bundled by Next runs the model on its wasm backend');
      assert.ok(log.requests.some((r) => /^\/tfjs\/tfjs-backend-wasm(-simd)?\.wasm$/.test(r)), `the .wasm came from public/tfjs/: ${log.requests.join(' ')}`);
      assert.deepEqual(await listOrder(page), original, 'no reorder under the cursor');

      // (3) the returning shopper's next view
      await page.reload();
      await settled(page);
      // the frame that paints the settled list
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const frames = await page.evaluate(() => window.__frames);
      const orders = await page.evaluate(() => window.__orders);
      const shown = frames.filter((f) => f.visible);
      assert.ok(shown.length > 0, `the list was shown: ${JSON.stringify(frames)}`);
      assert.equal(new Set(shown.map((f) => f.ids)).size, 1, `the visible order never changed: ${JSON.stringify(frames)}`);
      assert.ok(new Set(frames.map((f) => f.ids)).size <= 2 && orders.length <= 2, `the order changed at most once: frames ${JSON.stringify(frames)}, orders ${JSON.stringify(orders)}`);
      assert.equal(shown[0].status, 'personalized', `the first frame showing the list has its final order: ${JSON.stringify(frames)}`);
      const personalised = shown[0].ids.split(',');
      assert.deepEqual([...personalised].sort(), [...original].sort(), 'the same products');
      assert.deepEqual(await listOrder(page), personalised, 'the order after settling is the one first shown');
      const was = meanRank(original, target);
      const now = meanRank(personalised, target);
      assert.ok(now < was, `products of ${target} move up: mean position ${was} -> ${now}`);

      assert.deepEqual(log.hydration, [], 'hydration messages');
      assert.deepEqual(log.errors, [], 'console errors');
      if (log.warnings.length) console.log(`console warnings (${bundler}): ${[...new Set(log.warnings)].join(' | ')}`);
      const js = sizes[bundler];
      console.log(
        `Next.js ${bundler}: built in ${buildSeconds} s; first-load JS / ${js['/'].files} files ${(js['/'].bytes / 1024).toFixed(1)} KB (${(js['/'].gzip / 1024).toFixed(1)} KB gzip, of which chunks with vitrine/react ${(js['/'].vitrineGzip / 1024).toFixed(1)} KB), ` +
          `/_not-found ${(js['/_not-found'].bytes / 1024).toFixed(1)} KB (${(js['/_not-found'].gzip / 1024).toFixed(1)} KB gzip); ` +
          `${target} mean position ${was.toFixed(1)} -> ${now.toFixed(1)}; next start sends ${encoding}; test ${seconds(t)} s`,
      );
    } finally {
      await context.close();
      await server.stop();
    }
  });
}

after(() => {
  if (Object.keys(sizes).length) console.log(`first-load JS per route (KB, gzip -9): ${JSON.stringify(Object.fromEntries(Object.entries(sizes).map(([b, r]) => [b, Object.fromEntries(Object.entries(r).map(([k, v]) => [k, +(v.gzip / 1024).toFixed(1)]))])))}`);
});
