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
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchBrowser } from '../support/browser';
import { startServer, type StaticServer } from '../support/server';
import { pickProducts, type DemoProduct } from '../../demo/products';
import { renderDawn, type DawnPage } from '../fixtures/themes/dawn';
import { ROOT, watch, type Browser, type Page } from './harness';

let browser: Browser;
let site: StaticServer;
let cdn: StaticServer;
let products: DemoProduct[];
let pages: string;
let snippets: string;
let assetBase: string;

before(async () => {
  const theme = mkdtempSync(path.join(tmpdir(), 'vitrine-shopify-'));
  snippets = path.join(theme, 'snippets');
  // the README's install step
  const run = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.mjs'), 'shopify', '--out', path.join(theme, 'assets'), '--snippets', snippets], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  mkdirSync(path.join(theme, 'files'));
  writeFileSync(path.join(theme, 'files/product.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="#ccd"/></svg>');
  cdn = await startServer({ '/cdn/shop/t/1/assets/': path.join(theme, 'assets'), '/cdn/shop/files/': path.join(theme, 'files') }, 0, '127.0.0.1', { cors: true, cacheControl: () => 'public, max-age=3600' });
  pages = mkdtempSync(path.join(tmpdir(), 'vitrine-shopify-pages-'));
  site = await startServer({ '/': pages });
  assetBase = `${cdn.url.replace('localhost', '127.0.0.1')}/cdn/shop/t/1/assets/`;
  products = await pickProducts(path.join(ROOT, 'data/rees46/events-2019-10-01.csv'), 4, 6);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await site?.close();
  await cdn?.close();
});

async function write(name: string, page: Partial<DawnPage> = {}): Promise<string> {
  writeFileSync(path.join(pages, `${name}.html`), await renderDawn({ assetBase, snippets }, { products, ...page }));
  return `${site.url}/${name}.html`;
}

/** The grid's item ids as the shopper sees them: cards by position on screen (rows, then columns), so CSS order counts. */
const shown = (page: Page) =>
  page.$$eval('#product-grid > li', (lis) =>
    lis
      .map((li) => ({ r: li.getBoundingClientRect(), id: li.querySelector<HTMLElement>('[data-vitrine-item]')!.dataset.vitrineItem! }))
      .sort((a, b) => a.r.top - b.r.top || a.r.left - b.r.left)
      .map((c) => c.id),
  );

/** The probe: the grid's order (on screen) at the first frame it is visible. */
const PROBE = `window.__first = null; (function poll() {
  const grid = document.getElementById('product-grid');
  if (grid && document.readyState !== 'loading' && getComputedStyle(grid).visibility === 'visible') {
    window.__first = Array.from(grid.children).map((li) => ({ r: li.getBoundingClientRect(), id: li.querySelector('[data-vitrine-item]').dataset.vitrineItem }))
      .sort((a, b) => a.r.top - b.r.top || a.r.left - b.r.left).map((c) => c.id);
    return;
  }
  requestAnimationFrame(poll);
})();`;

const firstReorder = (page: Page) => page.waitForFunction(() => (window as any).vitrine?.firstReorder()).then((h) => h.jsonValue() as Promise<{ outcome: string; source: string }>);
const mean = (order: string[], of: string[]) => of.map((id) => order.indexOf(id)).reduce((a, b) => a + b, 0) / of.length;

/** The category of the last product: three clicked, one added to the cart; the others of it should move up. */
const target = () => {
  const category = products[products.length - 1].category;
  const same = products.filter((p) => p.category === category);
  return { category, clicked: same.slice(0, 3), added: same[3], others: same.slice(3).map((p) => p.id) };
};

test('Dawn collection page, SDK from the theme assets on the CDN origin: personalised first view that holds while scrolling, images by position, sort / editor / switch respected, facets ordered, quick add once', async () => {
  const pageOrder = products.map((p) => p.id);
  const { clicked, added, others } = target();
  const context = await browser.newContext({ viewport: { width: 1200, height: 700 } });
  await context.addInitScript(PROBE);
  const page = await context.newPage();
  const log = watch(page);
  const url = await write('collection', { sectionUrl: `${site.url}/section-TYPE.html` });

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
  const seen = (await page.evaluate(() => (window as any).__first)) as string[];
  assert.ok(mean(seen, others) < mean(pageOrder, others), `first frame: the clicked category moved up (${mean(pageOrder, others)} -> ${mean(seen, others)})`);
  // images follow positions: the first two positions eager (the first at high priority), the rest lazy
  const images = await page.$$eval('#product-grid > li', (lis) => lis.map((li) => Array.from(li.querySelectorAll('img'), (img) => `${img.getAttribute('loading')}/${img.getAttribute('fetchpriority')}`).join(' ')));
  assert.deepEqual(images.slice(0, 3), ['null/high null/null', 'null/null null/null', 'lazy/null lazy/null'], images.join('|'));
  assert.ok(images.slice(2).every((i) => i === 'lazy/null lazy/null'));
  // scrolling reveals the cards (their style attributes rewritten): the order holds
  for (let y = 0; y <= 3000; y += 350) await page.evaluate((top) => window.scrollTo(0, top), y).then(() => page.waitForTimeout(60));
  assert.deepEqual(await shown(page), seen, 'the order holds after scrolling');
  const requested = cdn.requests.filter((r) => r.includes('/assets/'));
  assert.ok(requested.length > 0 && requested.every((r) => /\.(js|json)$/.test(r)), `assets: only .js/.json (${[...new Set(requested)].join()})`);

  // facets re-render the grid container: the new grid is ordered too
  const kept = products.filter((p) => p.category === target().category || p.category === products[0].category);
  writeFileSync(path.join(pages, 'section-all.html'), await renderDawn({ assetBase, snippets }, { products }));
  writeFileSync(path.join(pages, `section-${encodeURIComponent(target().category)}.html`), await renderDawn({ assetBase, snippets }, { products: kept }));
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
  assert.deepEqual((await page.evaluate(() => (window as any).__first)) as string[], pageOrder, 'sorted by the shopper: page order');
  await page.evaluate(() => (window as any).vitrine.reorder());
  assert.deepEqual(await shown(page), pageOrder, 'sorted: reorder() leaves it too');
  // the collection's default sort is the store's order: personalised
  await page.goto(`${url}?sort_by=manual`);
  await firstReorder(page);
  assert.notDeepEqual((await page.evaluate(() => (window as any).__first)) as string[], pageOrder, 'sort_by = the default sort: personalised');

  // the theme editor: Shopify.designMode, set by content_for_header after the snippet
  await page.goto(await write('editor', { header: '<script>window.Shopify = { designMode: true };</script>' }));
  await page.waitForFunction(() => (window as any).vitrine?.firstReorder());
  assert.deepEqual((await page.evaluate(() => (window as any).__first)) as string[], pageOrder, 'the theme editor: page order');

  // the merchant's switch: no script at all
  await page.goto(await write('off', { enabled: false }));
  assert.equal(await page.evaluate(() => typeof (window as any).vitrine), 'undefined');
  assert.deepEqual(await shown(page), pageOrder);

  assert.deepEqual(log.errors, [], log.errors.join('\n'));
  await context.close();
});

test('a theme that undoes CSS order (data-reorder="css-order" on the grid, reveal-on-scroll rewriting style): the order holds by moving nodes, one warning', async () => {
  const pageOrder = products.map((p) => p.id);
  const { clicked, others } = target();
  const context = await browser.newContext({ viewport: { width: 1200, height: 700 } });
  await context.addInitScript(PROBE);
  const page = await context.newPage();
  const log = watch(page);
  const url = await write('css-order', { gridReorder: 'css-order' });
  await page.goto(url);
  for (const p of clicked) await page.click(`[data-vitrine-item="${p.id}"] a.full-unstyled-link`);
  await page.waitForFunction(() => (window as any).vitrine.stats().snapshot?.events === 3, undefined, { timeout: 30_000 });
  await page.goto(url);
  assert.equal((await firstReorder(page)).outcome, 'reordered');
  const seen = (await page.evaluate(() => (window as any).__first)) as string[];
  assert.ok(mean(seen, others) < mean(pageOrder, others));
  // the nodes are still in the page's order: CSS order did it
  const dom = () => page.$$eval('#product-grid [data-vitrine-item]', (els) => els.map((e) => (e as HTMLElement).dataset.vitrineItem!));
  // wait for the full SDK (its guard), then scroll: every card's style is rewritten
  await page.waitForFunction(() => (window as any).vitrine.stats().state === 'ready', undefined, { timeout: 20_000 });
  for (let y = 0; y <= 3000; y += 350) await page.evaluate((top) => window.scrollTo(0, top), y).then(() => page.waitForTimeout(60));
  await page.waitForTimeout(100);
  assert.deepEqual(await shown(page), seen, 'the order holds after the theme rewrote the styles');
  assert.deepEqual(await dom(), seen, 'by moving the nodes');
  const warnings = log.warnings.filter((w) => /undid the CSS order/.test(w));
  assert.equal(warnings.length, 1, log.warnings.join('\n'));
  assert.deepEqual(log.errors, [], log.errors.join('\n'));
  await context.close();
});
