/**
 * Issue 19: the README's Shopify install on a Dawn-shaped collection page. The test installs what
 * the README says (`vitrine shopify --out assets --snippets snippets`, the snippets rendered by
 * Liquid), serves the theme's assets from a second origin (the store's CDN: a flat folder, `?v=`
 * versions, CORS), and checks on the built files: the first view personalised, the order holding
 * while the reveal-on-scroll script rewrites styles, images following their positions, a sorted
 * page and the theme editor left alone, facets re-rendering an ordered grid, quick add counted
 * once, the merchant's switch.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from '../support/browser';
import { FIRST_SHOWN_PROBE, IMAGES, meanSlot as mean, SHOWN, shopperOf, startDawnStore, type DawnStore } from '../fixtures/themes/dawn-store';
import { watch, type Browser, type Page } from './harness';

let browser: Browser;
let store: DawnStore;
let products: DawnStore['products'];
before(async () => {
  store = await startDawnStore();
  products = store.products;
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await store?.close();
});

const shown = (page: Page) => page.evaluate(SHOWN) as Promise<string[]>;
const firstShown = (page: Page) => page.evaluate(() => (window as any).__first) as Promise<string[]>;
const firstReorder = (page: Page) => page.waitForFunction(() => (window as any).vitrine?.firstReorder()).then((h) => h.jsonValue() as Promise<{ outcome: string; source: string; hiddenMs: number }>);
const target = () => shopperOf(products);
/** Scrolls the page down in steps (the reveal-on-scroll script runs as cards come into view). */
async function scrollDown(page: Page) {
  for (let y = 0; y <= 3000; y += 350) await page.evaluate((top) => window.scrollTo(0, top), y).then(() => page.waitForTimeout(60));
}

test('Dawn collection page, SDK from the theme assets on the CDN origin: personalised first view that holds while scrolling, images by position, sort / editor / switch respected, facets ordered, quick add once', async () => {
  const pageOrder = products.map((p) => p.id);
  const { clicked, added, others } = target();
  const context = await browser.newContext({ viewport: { width: 1200, height: 700 } });
  await context.addInitScript(FIRST_SHOWN_PROBE);
  const page = await context.newPage();
  const log = watch(page);
  const url = await store.write('collection', { sectionUrl: `${store.site.url}/section-TYPE.html` });

  // a new visitor: the page's order; three clicks on stretched title links and one quick add
  await page.goto(url);
  assert.deepEqual(await shown(page), pageOrder);
  for (const p of clicked) await page.click(`[data-vitrine-item="${p.id}"] a.full-unstyled-link`);
  await page.click(`[data-vitrine-item="${added.id}"] .quick-add__submit`);
  await page.waitForFunction(() => (window as any).vitrine.stats().snapshot?.events === 4, undefined, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => (window as any).__cartAdds), 1, "the theme's own quick add still ran");
  const history = (await page.evaluate(() => (window as any).vitrine.history())) as { item: string; type: string }[];
  assert.deepEqual(history.filter((e) => e.item === added.id).map((e) => e.type), ['add_to_cart'], 'quick add: one add_to_cart, no click');
  assert.deepEqual(history.filter((e) => e.type === 'click').map((e) => e.item).sort(), clicked.map((p) => p.id).sort());

  // the returning shopper: personalised in the first frame the grid is visible
  await page.goto(url);
  const first = await firstReorder(page);
  assert.equal(first.outcome, 'reordered', JSON.stringify(first));
  const seen = await firstShown(page);
  assert.ok(mean(seen, others) < mean(pageOrder, others), `first frame: the clicked category moved up (${mean(pageOrder, others)} -> ${mean(seen, others)})`);
  // images follow positions: the first two positions eager (the first at high priority), the rest lazy
  const images = (await page.evaluate(IMAGES)) as string[];
  assert.deepEqual(images.slice(0, 3), ['null/high null/null', 'null/null null/null', 'lazy/null lazy/null'], images.join('|'));
  assert.ok(images.slice(2).every((i) => i === 'lazy/null lazy/null'));
  // scrolling reveals the cards (their style attributes rewritten): the order holds
  await scrollDown(page);
  const scrolled = await shown(page);
  console.log(`# Dawn, returning shopper: firstReorder ${first.outcome} (${first.source}, hidden ${first.hiddenMs} ms); mean slot of the clicked category ${mean(pageOrder, others)} in the page order -> ${mean(seen, others)} first shown -> ${mean(scrolled, others)} after scrolling; top 8 lazy: ${images.slice(0, 8).filter((i) => i.startsWith('lazy')).length}`);
  assert.deepEqual(scrolled, seen, 'the order holds after scrolling');
  const requested = store.cdn.requests.filter((r) => r.includes('/assets/'));
  assert.ok(requested.length > 0 && requested.every((r) => /\.(js|json)$/.test(r)), `assets: only .js/.json (${[...new Set(requested)].join()})`);

  // facets re-render the grid container: the new grid is ordered too
  const kept = products.filter((p) => p.category === target().category || p.category === products[0].category);
  await store.write('section-all');
  await store.write(`section-${encodeURIComponent(target().category)}`, { products: kept });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.check(`input[value="${target().category}"]`);
  await page.waitForFunction((n) => document.querySelectorAll('#product-grid > li').length === n, kept.length);
  const keptOrder = kept.map((p) => p.id);
  await page.waitForFunction((page) => {
    const ids = Array.from(document.querySelectorAll<HTMLElement>('#product-grid [data-vitrine-item]'), (e) => e.dataset.vitrineItem);
    return ids.join() !== page.join();
  }, keptOrder, { timeout: 10_000 });
  const filtered = await shown(page);
  assert.ok(mean(filtered, others) < mean(keptOrder, others), `facets: the re-rendered grid is ordered (${filtered.join()})`);

  // the shopper's own sort: the page's order, on the first view and after
  await page.goto(`${url}?sort_by=price-ascending`);
  await page.waitForFunction(() => (window as any).vitrine?.firstReorder());
  assert.deepEqual(await firstShown(page), pageOrder, 'sorted by the shopper: page order');
  await page.evaluate(() => (window as any).vitrine.reorder());
  assert.deepEqual(await shown(page), pageOrder, 'sorted: reorder() leaves it too');
  // the collection's default sort is the store's order: personalised
  await page.goto(`${url}?sort_by=manual`);
  await firstReorder(page);
  assert.notDeepEqual(await firstShown(page), pageOrder, 'sort_by = the default sort: personalised');

  // the theme editor: Shopify.designMode, set by content_for_header after the snippet
  await page.goto(await store.write('editor', { header: '<script>window.Shopify = { designMode: true };</script>' }));
  await page.waitForFunction(() => (window as any).vitrine?.firstReorder());
  assert.deepEqual(await firstShown(page), pageOrder, 'the theme editor: page order');

  // the merchant's switch: no script at all
  await page.goto(await store.write('off', { enabled: false }));
  assert.equal(await page.evaluate(() => typeof (window as any).vitrine), 'undefined');
  assert.deepEqual(await shown(page), pageOrder);

  assert.deepEqual(log.errors, [], log.errors.join('\n'));
  await context.close();
});

test('a theme that undoes CSS order (data-reorder="css-order" on the grid, reveal-on-scroll rewriting style): the order holds by moving nodes, one warning', async () => {
  const pageOrder = products.map((p) => p.id);
  const { clicked, others } = target();
  const context = await browser.newContext({ viewport: { width: 1200, height: 700 } });
  await context.addInitScript(FIRST_SHOWN_PROBE);
  const page = await context.newPage();
  const log = watch(page);
  const url = await store.write('css-order', { gridReorder: 'css-order' });
  await page.goto(url);
  for (const p of clicked) await page.click(`[data-vitrine-item="${p.id}"] a.full-unstyled-link`);
  await page.waitForFunction(() => (window as any).vitrine.stats().snapshot?.events === 3, undefined, { timeout: 30_000 });
  await page.goto(url);
  assert.equal((await firstReorder(page)).outcome, 'reordered');
  const seen = await firstShown(page);
  assert.ok(mean(seen, others) < mean(pageOrder, others));
  // the nodes are still in the page's order: CSS order did it
  const dom = () => page.$$eval('#product-grid [data-vitrine-item]', (els) => els.map((e) => (e as HTMLElement).dataset.vitrineItem!));
  // wait for the full SDK (its guard), then scroll: every card's style is rewritten
  await page.waitForFunction(() => (window as any).vitrine.stats().state === 'ready', undefined, { timeout: 20_000 });
  await scrollDown(page);
  await page.waitForTimeout(100);
  const scrolled = await shown(page);
  console.log(`# Dawn, data-reorder="css-order": mean slot of the clicked category ${mean(pageOrder, others)} in the page order -> ${mean(seen, others)} first shown -> ${mean(scrolled, others)} after scrolling`);
  assert.deepEqual(scrolled, seen, 'the order holds after the theme rewrote the styles');
  assert.deepEqual(await dom(), seen, 'by moving the nodes');
  const warnings = log.warnings.filter((w) => /undid CSS order/.test(w));
  assert.equal(warnings.length, 1, log.warnings.join('\n'));
  assert.deepEqual(log.errors, [], log.errors.join('\n'));
  await context.close();
});
