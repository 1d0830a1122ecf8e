import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, gridOrder, ready, watch, type Browser, type Page, type Site } from './harness';

/** Paths of every request the page makes from now on. */
function requests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => seen.push(new URL(r.url()).pathname));
  return seen;
}

const sdkFiles = (paths: string[]) => paths.filter((p) => p.startsWith('/vendor/') || p.startsWith('/models/'));

describe('light by default: nothing but the loader until there is history', () => {
  let site: Site;
  let browser: Browser;
  useSite((s, b) => ((site = s), (browser = b)));

  for (const variant of [{ name: 'the demo model', options: {} }, { name: 'the base model beside the script (no data-model)', options: { model: '' } }]) {
    test(`a new visitor downloads only the loader (${variant.name}), and the grids show at once in the page order`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const seen = requests(page);
      const log = watch(page);
      await page.goto(site.page(`new-visitor-${variant.options.model === '' ? 'base' : 'demo'}`, variant.options));
      const stats = await ready(page);
      await page.waitForTimeout(300); // idle time passes: still nothing to fetch
      assert.equal(stats.state, 'idle');
      assert.match(String(stats.reason), /no history/);
      assert.deepEqual(sdkFiles(seen), ['/vendor/vitrine.iife.js']);
      assert.equal((await page.evaluate(() => (window as any).vitrine.firstReorder()))?.outcome, 'no-history');
      assert.deepEqual(log.errors, []);
      await context.close();
    });
  }

  test('after the first click the model loads in idle time: a list added later and the next page are personalised', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const seen = requests(page);
    await page.goto(site.page('first-click'));
    await ready(page);
    const pageOrder = await gridOrder(page);
    for (const p of site.products.slice(-3)) await page.click(`[data-vitrine-item="${p.id}"] button`);
    await page.waitForFunction(() => (window as any).vitrine.stats().state === 'ready');
    assert.ok(sdkFiles(seen).some((p) => p.endsWith('manifest.json')), 'the model was fetched after the click');
    assert.deepEqual(await gridOrder(page), pageOrder, 'the grid the shopper is looking at does not move');

    // a list that appears later on the same page (client navigation) is personalised
    await page.evaluate(() => {
      const first = document.querySelector('[data-vitrine-grid]')!;
      const copy = first.cloneNode(true) as HTMLElement;
      copy.id = 'later';
      document.body.append(copy);
    });
    await page.waitForFunction((order) => {
      const ids = [...document.querySelectorAll('#later > [data-vitrine-item]')].map((e) => (e as HTMLElement).dataset.vitrineItem);
      return ids.join() !== order.join();
    }, pageOrder);

    await page.reload();
    const stats = await ready(page);
    assert.equal(stats.state, 'ready', 'a returning shopper loads the model at once');
    assert.notDeepEqual(await gridOrder(page), pageOrder, 'the next page view is personalised');
    await context.close();
  });
});
