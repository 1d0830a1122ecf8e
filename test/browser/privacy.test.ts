import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, ready, type Browser, type Site } from './harness';

let site: Site;
let browser: Browser;
useSite((s, b) => ((site = s), (browser = b)));

test('privacy audit: a 50-click session with re-ranks requests only the SDK and model files (model once), carries no ids, sets no cookie; web storage holds only the on-device snapshot', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests: { url: string; method: string; body: string | null; load: number }[] = [];
  let load = 1;
  page.on('request', (r) => requests.push({ url: r.url(), method: r.method(), body: r.postData(), load }));
  const url = site.page('audit');
  await page.goto(url);
  await ready(page);

  const ids = site.products.map((p) => p.id);
  const clicked = new Set<string>();
  for (let i = 0; i < 50; i++) {
    if (i === 25) {
      load = 2;
      await page.reload();
      await ready(page);
    }
    const id = ids[(i * 7) % ids.length];
    clicked.add(id);
    await page.click(`[data-vitrine-item="${id}"] button`);
    if (i % 10 === 9) await page.evaluate('vitrine.reorder()');
  }
  await page.waitForFunction(() => (window as any).vitrine.stats().events > 0);

  const paths = requests.map((r) => new URL(r.url).pathname);
  const foreign = paths.filter((p) => !p.startsWith('/vendor/') && !p.startsWith('/models/') && !p.startsWith('/pages/'));
  assert.deepEqual(foreign, [], 'no request outside the page, the SDK files and the model');
  assert.deepEqual(requests.filter((r) => r.method !== 'GET'), [], 'only GETs');
  const modelRequests = requests.filter((r) => new URL(r.url).pathname.startsWith('/models/'));
  assert.ok(modelRequests.length >= 3 && modelRequests.every((r) => r.load === 1), `model files on the first load only: ${modelRequests.map((r) => `${r.load}:${r.url}`).join(', ')}`);
  const leaks = requests.filter((r) => [...clicked].some((id) => r.url.includes(id) || (r.body ?? '').includes(id)));
  assert.deepEqual(leaks, [], 'no request carries an item id');
  assert.deepEqual(await context.cookies(), []);
  // web storage holds one key: the shopper snapshot (on the device like the IndexedDB history, read by the
  // next page's first view); never in a request (checked above, item ids included), nothing in sessionStorage
  assert.deepEqual(await page.evaluate('[Object.keys(localStorage), sessionStorage.length]'), [['vitrine:snapshot'], 0]);
  await context.close();
});
