/**
 * The model cache under faults and hostile input, on the built script tag in Chromium (which
 * store holds it, and stores that fail or lose entries: model-store.test.ts).
 * A fake server (model-host.ts) deploys model folders at /m/: v1 is models/demo, v2 is
 * models/base (another model, other files). Page views are spread in time with Playwright's
 * clock (a day apart: beyond any modelMaxAge; a minute apart: within the default).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gridOrder, ready, type PageLog } from './harness';
import { folder, modelFiles, modelVersion, pinOf, sha256, type Folder, type ModelHost } from './model-host';
import { DAY, MIN, storedDigests, update, useShopperEnv, type Stats, type View } from './model-shopper';

const V1 = folder('demo');
const V2 = folder('base');

const shared = useShopperEnv();
const { shopper } = shared;

const fileDigests = (f: Folder) => modelFiles(f).map((n) => sha256(f[n]));
const noErrorsBut = (log: PageLog) => log.errors.filter((e) => !/Failed to load resource/.test(e));

/** The shopper clicks three items and asks for a reorder: with no model, the page order must stand. */
async function assertPageOrder(view: View) {
  const order = await gridOrder(view.page);
  assert.deepEqual(order, shared.env.site.products.map((p) => p.id));
  for (const p of shared.env.site.products.slice(-3)) await view.page.click(`[data-vitrine-item="${p.id}"] button`);
  await view.page.waitForFunction(() => (window as any).vitrine.stats().events >= 3);
  await view.page.evaluate(() => (window as any).vitrine.reorder());
  assert.deepEqual(await gridOrder(view.page), order, 'page order kept');
}

const withBytes = (f: Folder, name: string, change: (b: Buffer) => Buffer): Folder => ({ ...f, [name]: change(Buffer.from(f[name])) });
const flipByte = (b: Buffer) => ((b[b.length >> 1] ^= 0xff), b);

/**
 * Item 1 of the fault matrix: a broken deploy of v2. `apply` breaks the host (which serves a clean v2
 * before it is called); `reason` is what stats() and the console say.
 */
const FAULTS: { name: string; apply(host: ModelHost): void; reason: RegExp }[] = [
  {
    name: 'HTML 200 error page for manifest.json',
    apply: (h) => h.faults.set('manifest.json', { status: 200, contentType: 'text/html', body: '<!doctype html><title>502</title><h1>Bad gateway</h1>' }),
    reason: /manifest\.json: not JSON/,
  },
  {
    name: 'truncated manifest.json',
    apply: (h) => h.faults.set('manifest.json', { contentType: 'application/json', body: V2['manifest.json'].subarray(0, 700) }),
    reason: /manifest\.json: not JSON/,
  },
  {
    name: 'valid JSON that fails checkManifest',
    apply: (h) => h.faults.set('manifest.json', { contentType: 'application/json', body: JSON.stringify({ ...JSON.parse(V2['manifest.json'].toString()), formatVersion: 99 }) }),
    reason: /invalid model manifest: formatVersion/,
  },
  {
    name: 'new manifest with the old files (non-atomic deploy)',
    apply: (h) => (h.deployed = { ...V1, 'manifest.json': V2['manifest.json'] }),
    reason: /model\.json: more than the 998 bytes/,
  },
  { name: '404 on one file', apply: (h) => h.faults.set('weights.bin', { status: 404, body: 'not found' }), reason: /weights\.bin: HTTP 404/ },
  { name: '500 on one file', apply: (h) => h.faults.set('model.json', { status: 500, body: 'oops' }), reason: /model\.json: HTTP 500/ },
  { name: 'a file of the right size with wrong bytes', apply: (h) => (h.deployed = withBytes(V2, 'weights.bin', flipByte)), reason: /weights\.bin: sha256 mismatch/ },
  { name: 'network error mid-way through a file', apply: (h) => h.faults.set('weights.bin', 'cut-midway'), reason: /weights\.bin: network error/ },
  { name: 'manifest unreachable', apply: (h) => h.faults.set('manifest.json', 'abort'), reason: /manifest\.json: network error/ },
];

describe('model cache: a broken deploy never replaces the last verified model', () => {
  for (const fault of FAULTS) {
    test(`${fault.name}: the cached v1 keeps being used, the refresh is retried on the next view, then v2 is picked up`, async () => {
      const s = await shopper(V1, 'fault-cached');
      const first = await s.view(0);
      assert.equal(first.stats.modelVersion, modelVersion(V1));
      assert.equal(first.stats.modelSource, 'network');

      s.host.deployed = V2;
      fault.apply(s.host);
      const next = await s.view(DAY);
      assert.equal(next.stats.state, 'ready', JSON.stringify(next.stats));
      assert.equal(next.stats.modelVersion, modelVersion(V1), 'the last verified model is used');
      assert.equal(next.stats.modelSource, 'cache');
      const failed = await update(next);
      assert.equal(failed?.status, 'failed', JSON.stringify(failed));
      assert.match(String(failed?.reason), fault.reason);
      assert.equal(next.log.warnings.length, 1, next.log.warnings.join('\n'));
      assert.match(next.log.warnings[0], fault.reason);
      assert.deepEqual(noErrorsBut(next.log), []);

      const retry = await s.view(DAY + MIN);
      assert.equal(retry.stats.modelVersion, modelVersion(V1));
      // the check runs in idle time after load: wait for it before looking at its requests
      assert.equal((await update(retry))?.status, 'failed');
      assert.ok(retry.requests().some((r) => r.path === 'manifest.json'), 'a failed refresh is not trusted: the next view asks again');

      s.host.faults.clear();
      s.host.deployed = V2;
      const fixed = await s.view(DAY + 2 * MIN);
      assert.equal(fixed.stats.modelVersion, modelVersion(V1), 'this view still runs v1');
      assert.equal((await update(fixed))?.status, 'downloaded');
      const after = await s.view(DAY + 3 * MIN);
      assert.equal(after.stats.modelVersion, modelVersion(V2), 'the next view runs the verified v2');
      assert.equal(after.stats.modelSource, 'cache');
      await s.close();
    });

    test(`${fault.name}: with nothing cached, the page keeps its order with one warning, stats().reason says why, and the next view retries`, async () => {
      const s = await shopper(V2, 'fault-fresh');
      fault.apply(s.host);
      const first = await s.view(0);
      assert.equal(first.stats.state, 'failed');
      assert.match(String(first.stats.reason), fault.reason);
      await assertPageOrder(first);
      assert.equal(first.log.warnings.length, 1, first.log.warnings.join('\n'));
      assert.match(first.log.warnings[0], fault.reason);
      assert.deepEqual(noErrorsBut(first.log), []);

      const again = await s.view(MIN);
      assert.equal(again.stats.state, 'failed');
      assert.ok(again.requests().some((r) => r.path === 'manifest.json'), `nothing broken was trusted: the manifest is asked for again (${JSON.stringify(again.requests())})`);

      s.host.faults.clear();
      s.host.deployed = V2;
      const fixed = await s.view(2 * MIN);
      assert.equal(fixed.stats.state, 'ready', 'the fix is picked up at once, not after modelMaxAge');
      assert.equal(fixed.stats.modelVersion, modelVersion(V2));
      await s.close();
    });
  }

  test('caches of older SDKs (one poisoned: HTML stored as the manifest) are dropped, not trusted', async () => {
    const s = await shopper(V1, 'old-poison');
    const page = await s.context.newPage();
    await page.goto(shared.env.site.page('blank-origin', { model: '/none/manifest.json', scriptAttrs: { 'data-auto-reorder': 'false' } }));
    const url = new URL(s.host.manifest, page.url()).href;
    await page.evaluate(async (u) => {
      const old = await caches.open('vitrine-models-v1');
      await old.put(u, new Response('<html>error page</html>', { headers: { 'content-type': 'application/json', 'x-vitrine-fetched-at': String(Date.now()) } }));
      // the only store of SDKs before IndexedDB: its files are not read (downloaded once more), then deleted
      await (await caches.open('vitrine-models-v2')).put(`${u}?vitrine-manifest`, new Response('{}'));
    }, url);
    await page.close();
    const v = await s.view(MIN);
    assert.equal(v.stats.state, 'ready', JSON.stringify(v.stats));
    await v.page.waitForFunction(async () => !(await caches.has('vitrine-models-v1')) && !(await caches.has('vitrine-models-v2')), null, { timeout: 5000 });
    assert.deepEqual((await v.page.evaluate(() => caches.keys())).filter((n) => /vitrine-models-v[12]$/.test(n)), [], 'the old caches are deleted');
    await s.close();
  });
});

describe('model file paths stay in the model folder', () => {
  const HOSTILE = [
    'http://evil.example/x.bin',
    'HTTPS://evil.example/x.bin',
    '//evil.example/x.bin',
    '\\\\evil.example\\x.bin',
    '/\\evil.example/x.bin',
    'ht\ttp://evil.example/x.bin',
    'https:evil.example/x.bin',
    'java\nscript:alert(1)',
    'javascript:alert(1)',
    'data:application/octet-stream;base64,AAAA',
    'blob:http://localhost/0000',
    '/models/demo/weights.bin',
    '../models/demo/weights.bin',
    '%2e%2e/models/demo/weights.bin',
    '.%2E/models/demo/weights.bin',
    '..%2fmodels%2fdemo%2fweights.bin',
    '..%5cmodels%5cdemo%5cweights.bin',
    'sub/../../models/demo/weights.bin',
    '%252e%252e/models/demo/weights.bin',
    ' /models/demo/weights.bin',
    'weights.bin\u0000.txt',
    'weights.bin?x=../../y',
  ];

  test(`none of ${HOSTILE.length} hostile paths is ever requested; each is refused with a reason`, async () => {
    const context = await shared.env.browser.newContext();
    const page = await context.newPage();
    const requested: string[] = [];
    context.on('request', (r) => requested.push(r.url()));
    const manifest = JSON.parse(V1['manifest.json'].toString());
    await context.route('**/h/*/manifest.json', (route) => {
      const i = Number(new URL(route.request().url()).pathname.split('/')[2]);
      // the hostile file first: a loader that let it through would fetch it before anything else
      const files = [{ ...manifest.files[1], path: HOSTILE[i] }, manifest.files[0]];
      return route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ...manifest, files }) });
    });
    await context.route(/evil\.example/, (route) => route.fulfill({ body: 'stolen' }));
    await page.goto(shared.env.site.page('hostile-paths', { model: '/none/manifest.json', scriptAttrs: { 'data-auto-reorder': 'false' } }));
    await ready(page);
    const results = (await page.evaluate(async (n) => {
      const out = [];
      for (let i = 0; i < n; i++) {
        const v = (window as any).Vitrine.createVitrine({ model: `/h/${i}/manifest.json`, dbName: `h${i}`, autoTrack: false, preload: true });
        await v.ready();
        out.push(v.stats());
        v.destroy();
      }
      return out;
    }, HOSTILE.length)) as Stats[];
    const allowed = (u: string) => /\/(pages|vendor)\//.test(u) || /\/h\/\d+\/manifest\.json$/.test(u) || u.endsWith('/none/manifest.json');
    assert.deepEqual(requested.filter((u) => !allowed(u)), [], 'only the pages, the SDK and the manifests were requested');
    results.forEach((stats, i) => {
      assert.equal(stats.state, 'failed', `${JSON.stringify(HOSTILE[i])} was accepted`);
      assert.match(String(stats.reason), /files\[0\]\.path/, `${JSON.stringify(HOSTILE[i])}: ${stats.reason}`);
    });
    await context.close();
  });
});

describe('body size: a download stops once it exceeds what it may be', () => {
  test('a file body larger than the manifest declares (64 MiB for 786,864 bytes) is cut off, not downloaded in full', async () => {
    const s = await shopper(V1, 'endless');
    s.host.faults.set('weights.bin', 'endless');
    const v = await s.view(0);
    assert.equal(v.stats.state, 'failed');
    assert.match(String(v.stats.reason), /weights\.bin: more than the 786864 bytes/);
    await s.close();
    const deadline = Date.now() + 10_000;
    while (s.host.endlessWritten.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(s.host.endlessWritten.length, 1, 'the server saw the connection close');
    assert.ok(s.host.endlessWritten[0] < 16 * 1024 * 1024, `the browser read ${s.host.endlessWritten[0]} bytes of a 64 MiB body`);
  });

  test('a manifest over 1 MiB is refused, even if it is valid JSON', async () => {
    const s = await shopper(V1, 'big-manifest');
    s.host.faults.set('manifest.json', { contentType: 'application/json', body: Buffer.concat([V1['manifest.json'], Buffer.alloc(2 * 1024 * 1024, 0x20)]) });
    const v = await s.view(0);
    assert.equal(v.stats.state, 'failed', JSON.stringify(v.stats));
    assert.match(String(v.stats.reason), /manifest\.json: more than the 1048576 bytes/);
    assert.deepEqual(v.requests().map((r) => r.path), ['manifest.json'], 'no file was fetched');
    await s.close();
  });
});

describe('integrity pinning (data-model-integrity / modelIntegrity)', () => {
  test('the right pin loads the model, and a later view uses the cache without asking the server', async () => {
    const s = await shopper(V1, 'pin-right');
    const pin = { 'data-model-integrity': pinOf(V1) };
    const first = await s.view(0, pin);
    assert.equal(first.stats.state, 'ready', JSON.stringify(first.stats));
    assert.equal(first.stats.modelSource, 'network');
    const later = await s.view(DAY, pin);
    assert.equal(later.stats.state, 'ready');
    assert.equal(later.stats.modelSource, 'cache');
    assert.deepEqual(later.requests(), [], 'the pin names the manifest: nothing to revalidate');
    assert.deepEqual(later.log.warnings, []);
    // as in SRI, several pins accept any of them (the old and the new manifest while a deploy rolls out)
    const both = await s.view(DAY + MIN, { 'data-model-integrity': `${pinOf(V2)} ${pinOf(V1)}` });
    assert.equal(both.stats.state, 'ready', JSON.stringify(both.stats));
    assert.equal(both.stats.modelVersion, modelVersion(V1));
    await s.close();
  });

  test('a wrong pin refuses the manifest from the network, before any file is fetched', async () => {
    const s = await shopper(V1, 'pin-wrong');
    const v = await s.view(0, { 'data-model-integrity': pinOf(V2) });
    assert.equal(v.stats.state, 'failed');
    assert.match(String(v.stats.reason), /does not match modelIntegrity/);
    assert.deepEqual(v.requests().map((r) => r.path), ['manifest.json']);
    assert.equal(v.log.warnings.length, 1, v.log.warnings.join('\n'));
    await assertPageOrder(v);
    await s.close();
  });

  test('a wrong pin refuses a manifest cached by a view without a pin (checked on every load)', async () => {
    const s = await shopper(V1, 'pin-cache');
    assert.equal((await s.view(0)).stats.state, 'ready');
    const v = await s.view(MIN, { 'data-model-integrity': pinOf(V2) });
    assert.equal(v.stats.state, 'failed', JSON.stringify(v.stats));
    assert.match(String(v.stats.reason), /does not match modelIntegrity/);
    // and the other way round: a pin set later that matches the cached manifest loads it from the cache
    const ok = await s.view(2 * MIN, { 'data-model-integrity': pinOf(V1) });
    assert.equal(ok.stats.state, 'ready');
    assert.equal(ok.stats.modelSource, 'cache');
    await s.close();
  });

  test('malformed pins fail closed: no model, no request, and the reason says what a pin looks like', async () => {
    const s = await shopper(V1, 'pin-malformed');
    const attr = await s.view(0, { 'data-model-integrity': 'sha256-abc' });
    assert.equal(attr.stats.state, 'failed');
    assert.match(String(attr.stats.reason), /modelIntegrity.*malformed/);
    assert.equal(attr.log.warnings.length, 1, attr.log.warnings.join('\n'));
    const b64 = (n: number) => Buffer.alloc(n, 1).toString('base64');
    const pins = [`sha512-${b64(64)}`, `sha384-${b64(48)}`, `md5-${b64(16)}`, `sha256-${b64(31)}`, `sha256-${b64(32)}!`, `sha256:${b64(32)}`, b64(32), 42];
    const stats = (await attr.page.evaluate(async (list) => {
      const out = [];
      for (const [i, modelIntegrity] of list.entries()) {
        const v = (window as any).Vitrine.createVitrine({ model: '/m/manifest.json', modelIntegrity, dbName: `pin${i}`, autoTrack: false, preload: true });
        await v.ready();
        out.push(v.stats());
      }
      return out;
    }, pins)) as Stats[];
    stats.forEach((st, i) => {
      assert.equal(st.state, 'failed', `${JSON.stringify(pins[i])} was accepted`);
      assert.match(String(st.reason), /modelIntegrity.*malformed/, String(st.reason));
    });
    assert.deepEqual(attr.requests(), [], 'fails closed before any request');
    const right = (await attr.page.evaluate(async (pin) => {
      const v = (window as any).Vitrine.createVitrine({ model: '/m/manifest.json', modelIntegrity: pin, dbName: 'pin-ok', autoTrack: false, preload: true });
      await v.ready();
      return v.stats();
    }, pinOf(V1))) as Stats;
    assert.equal(right.state, 'ready', 'the option takes the same pin as the attribute');
    await s.close();
  });
});

describe('updates: a new model is picked up within one page view, old files are evicted', () => {
  test('deploy v2: the next view runs v1 and fetches v2 in the background; the view after runs v2 and v1\'s files are gone from the cache', async () => {
    const s = await shopper(V1, 'update');
    await s.view(0);
    s.host.deployed = V2;
    const during = await s.view(DAY);
    assert.equal(during.stats.modelVersion, modelVersion(V1));
    assert.equal(during.stats.modelSource, 'cache');
    assert.equal((await update(during))?.status, 'downloaded');
    assert.deepEqual(during.requests().map((r) => r.path).sort(), ['manifest.json', ...modelFiles(V2)].sort());
    const after = await s.view(DAY + MIN);
    assert.equal(after.stats.modelVersion, modelVersion(V2));
    assert.equal(after.stats.modelSource, 'cache');
    assert.deepEqual(after.requests(), [], 'within modelMaxAge of the check: no request');
    const digests = await storedDigests(after.page);
    for (const d of fileDigests(V1)) assert.ok(!digests.includes(d), 'v1 files evicted');
    assert.equal(digests.length, fileDigests(V2).length, `only v2's files are stored (${digests.length})`);
    for (const d of fileDigests(V2)) assert.ok(digests.includes(d), 'v2 files cached');
    assert.deepEqual(after.log.warnings, []);
    await s.close();
  });

  test('a 304 (If-None-Match with the stored ETag) keeps v1 and downloads no file; the check counts for modelMaxAge', async () => {
    const s = await shopper(V1, 'etag');
    s.host.etags = true;
    await s.view(0);
    const next = await s.view(DAY);
    assert.equal((await update(next))?.status, 'current');
    assert.deepEqual(next.requests().map((r) => [r.path, r.status, !!r.ifNoneMatch]), [['manifest.json', 304, true]]);
    assert.equal(next.stats.modelVersion, modelVersion(V1));
    const soon = await s.view(DAY + MIN);
    assert.deepEqual(soon.requests(), [], 'revalidated a minute ago: no request');
    assert.equal(await soon.page.evaluate(() => (window as any).vitrine.stats().modelUpdate), null);
    await s.close();
  });

  test('modelMaxAge (default 10 min) is how often the server is asked; without an ETag an unchanged manifest (same bytes) downloads no file', async () => {
    const s = await shopper(V1, 'same-bytes');
    await s.view(0);
    const soon = await s.view(9 * MIN);
    assert.deepEqual(soon.requests(), [], 'within modelMaxAge: no model request at all');
    assert.equal(soon.stats.modelSource, 'cache');
    assert.equal(await soon.page.evaluate(() => (window as any).vitrine.stats().modelUpdate), null);
    const next = await s.view(11 * MIN);
    assert.equal((await update(next))?.status, 'current');
    assert.deepEqual(next.requests().map((r) => [r.path, r.status]), [['manifest.json', 200]]);
    await s.close();
  });
});
