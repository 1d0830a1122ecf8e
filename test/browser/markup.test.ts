import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, ready, watch, MODEL, type Browser, type Page, type Site } from './harness';
import { card, carousel, namedGrid, themePage, unmarkedGrid, wrapperGrid, itemAttrs } from '../fixtures/themes/markup';
import type { DemoProduct } from '../../demo/products';

/**
 * Issue 14: the script tag on markup as store themes write it. Every structure is checked on the
 * first view (ordered from the shopper snapshot as the page is parsed) and on a later reorder().
 */

let site: Site;
let browser: Browser;
useSite((s, b) => ((site = s), (browser = b)));

/** Each child of a grid, as the id of the one item inside it, or as a list of its children likewise (a carousel's pages); a child without items: its class. (A string: it runs in the page as written.) */
const LAYOUT = `(grid) => {
  const walk = (el) => Array.from(el.children, (c) => {
    const inside = c.matches('[data-vitrine-item]') ? [c] : Array.from(c.querySelectorAll('[data-vitrine-item]'));
    if (inside.length === 0) return c.className;
    return inside.length === 1 ? inside[0].dataset.vitrineItem : walk(c);
  });
  return walk(document.querySelector(grid));
}`;
const layout = (page: Page, grid: string) => page.evaluate(`(${LAYOUT})(${JSON.stringify(grid)})`) as Promise<unknown[]>;

/** Item ids of a grid in DOM order. */
const ids = (page: Page, grid: string) => page.$$eval(`${grid} [data-vitrine-item]`, (els) => els.map((e) => (e as HTMLElement).dataset.vitrineItem!));

/** The three clicked products: the first three of the last category on the page; the rest of that category should move up. */
function clickedOf(products: DemoProduct[]) {
  const category = products[products.length - 1].category;
  const same = products.filter((p) => p.category === category);
  return { clicked: same.slice(0, 3), others: same.slice(3).map((p) => p.id) };
}

const mean = (order: string[], of: string[]) => of.map((id) => order.indexOf(id)).reduce((a, b) => a + b, 0) / of.length;

/** Clicks three cards' links in `grid`, then waits until the events and the shopper snapshot are stored. */
async function clickThree(page: Page, grid: string, products: DemoProduct[]) {
  for (const p of clickedOf(products).clicked) await page.click(`${grid} [data-vitrine-item="${p.id}"] a, ${grid} a[data-vitrine-item="${p.id}"]`);
  await page.waitForFunction(() => (window as any).vitrine.stats().snapshot?.events === 3, undefined, { timeout: 20_000 });
}

const firstReorder = (page: Page) => page.waitForFunction(() => (window as any).vitrine.firstReorder()).then((h) => h.jsonValue() as Promise<{ outcome: string; source: string; hiddenMs: number }>);

test('theme structures: column wrappers, carousels (within and across pages), cards named by a selector, a grid without ids — first view and later reorders', async () => {
  const ps = site.products;
  const body = [wrapperGrid(ps), carousel('pages', ps, 4), carousel('across', ps, 4, true), namedGrid(ps), unmarkedGrid(ps.slice(0, 4))].join('\n');
  const url = site.html('theme-structures', themePage({ title: 'Theme structures', body }, MODEL));
  const context = await browser.newContext();
  const page = await context.newPage();
  const log = watch(page);
  await page.goto(url);
  await ready(page);
  const beforeIds = await ids(page, '#wrapped');
  const before = { wrapped: await layout(page, '#wrapped'), pages: await layout(page, '#pages'), across: await layout(page, '#across'), named: await layout(page, '#named') };
  assert.equal(log.warnings.filter((w) => /no item to reorder/.test(w) && /unmarked|class="row"/.test(w)).length, 1, `one warning for the grid without ids: ${log.warnings.join('\n')}`);
  await clickThree(page, '#wrapped', ps);
  const { others } = clickedOf(ps);

  const check = async (when: string) => {
    // column wrappers: each column still holds one card, the promo column keeps its slot, the category moved up
    const wrapped = (await layout(page, '#wrapped')) as string[];
    assert.equal(wrapped.indexOf('col promo'), (before.wrapped as string[]).indexOf('col promo'), `${when}: the promo column keeps its slot`);
    assert.deepEqual([...wrapped].sort(), [...(before.wrapped as string[])].sort(), `${when}: same columns`);
    const flat = await ids(page, '#wrapped');
    assert.ok(mean(flat, others) < mean(beforeIds, others), `${when}: wrapped: the clicked category moved up (${flat.join()})`);
    assert.equal(await page.$$eval('#wrapped > .col', (cols) => cols.every((c) => c.querySelectorAll('.product-card').length <= 1)), true);
    // carousel, default: each page keeps its cards, ordered within itself; some page changed
    const pages = (await layout(page, '#pages')) as string[][][];
    const pagesBefore = before.pages as string[][][];
    pages[0].forEach((p, i) => assert.deepEqual([...p].sort(), [...pagesBefore[0][i]].sort(), `${when}: page ${i} keeps its cards`));
    assert.notDeepEqual(pages, pagesBefore, `${when}: the pages were ordered`);
    // carousel across pages: 4 slides a page still, the category gathered on the first page
    const across = (await layout(page, '#across')) as string[][][];
    assert.deepEqual(across[0].map((p) => p.length), [4, 4, 4, 4, 4, 4], `${when}: each page keeps 4 slides`);
    const acrossIds = await ids(page, '#across');
    assert.ok(mean(acrossIds, others) < mean(beforeIds, others), `${when}: across pages, the category moved up (${acrossIds.join()})`);
    assert.ok(across[0].some((p, i) => p.some((id) => !(before.across as string[][][])[0][i].includes(id))), `${when}: items changed pages`);
    assert.equal(await page.$$eval('#across .carousel-page', (ps) => ps.every((p) => Array.from(p.children).every((s) => s.className === 'slide' && s.children.length === 1))), true, `${when}: slides move whole`);
    // cards named by data-vitrine-items: the <li> moves with its inner link
    const named = await ids(page, '#named');
    assert.ok(mean(named, others) < mean(before.named as string[], others), `${when}: named cards: the category moved up`);
    assert.equal(await page.$$eval('#named > *', (lis) => lis.every((li) => li.matches('li.product') && li.querySelectorAll('[data-vitrine-item]').length === 1)), true);
  };

  // a later reorder (the model, or the snapshot while it loads)
  await page.evaluate(() => (window as any).vitrine.reorder());
  await check('reorder()');
  // again, from the order now shown (slots are filled in DOM order, ranked from the page's own order): same result, nothing lost
  const once = { wrapped: await layout(page, '#wrapped'), pages: await layout(page, '#pages'), across: await layout(page, '#across'), named: await layout(page, '#named') };
  await page.evaluate(() => (window as any).vitrine.reorder());
  assert.deepEqual({ wrapped: await layout(page, '#wrapped'), pages: await layout(page, '#pages'), across: await layout(page, '#across'), named: await layout(page, '#named') }, once, 'a second reorder() with the same history keeps the order');
  const explicit = { wrapped: await ids(page, '#wrapped'), across: await ids(page, '#across') };
  await page.evaluate(() => (window as any).vitrine.restore());
  assert.deepEqual(await layout(page, '#wrapped'), before.wrapped, 'restore() gives the page order back');
  assert.deepEqual(await layout(page, '#across'), before.across, 'restore() across pages too');

  // the first view of the next page, ordered as it is parsed
  await page.reload();
  const first = await firstReorder(page);
  assert.equal(first.source, 'snapshot');
  assert.equal(first.outcome, 'reordered');
  await check('first view');
  assert.deepEqual(await ids(page, '#wrapped'), explicit.wrapped, 'the first view is the order reorder() gave');
  assert.deepEqual(await ids(page, '#across'), explicit.across);
  assert.deepEqual(log.errors, []);
  await context.close();
});

test('events in markup: add-to-cart buttons record add_to_cart, wishlist and quick-view record nothing, an unknown type is a click with one warning', async () => {
  const ps = site.products.slice(0, 8);
  const odd = `<div class="product-card" ${itemAttrs(site.products[8])}><a href="#x">${site.products[8].name}</a><button type="button" class="compare" data-vitrine-event="compare">Compare</button></div>`;
  const url = site.html('theme-events', themePage({ title: 'Events', body: `  <div class="row" data-vitrine-grid>${ps.map((p) => `<div class="col">${card(p)}</div>`).join('')}</div>\n  <div data-vitrine-grid>${odd}</div>` }, MODEL));
  const context = await browser.newContext();
  const page = await context.newPage();
  const log = watch(page);
  await page.goto(url);
  await ready(page);
  const [a, b, c, d] = ps;
  await page.click(`[data-vitrine-item="${a.id}"] .add-to-cart`);
  await page.click(`[data-vitrine-item="${b.id}"] .wishlist`);
  await page.click(`[data-vitrine-item="${c.id}"] .quick-view`);
  await page.click(`[data-vitrine-item="${d.id}"] .product-link h3`);
  await page.click(`[data-vitrine-item="${site.products[8].id}"] .compare`);
  await page.click(`[data-vitrine-item="${a.id}"] .add-to-cart`); // within a second: one event
  await page.waitForFunction(() => (window as any).vitrine.stats().events === 3);
  const history = (await page.evaluate(() => (window as any).vitrine.history())) as { item: string; type: string; attrs?: { price?: number } }[];
  const got = history.map((e) => `${e.item}:${e.type}`).reverse();
  assert.deepEqual(got, [`${a.id}:add_to_cart`, `${d.id}:click`, `${site.products[8].id}:click`]);
  assert.equal(history.find((e) => e.item === a.id)?.attrs?.price, a.price, 'the price as shown ("$1,299.00") is read');
  assert.equal(log.warnings.filter((w) => /data-vitrine-event="compare" is not one of .*: recorded as click/.test(w)).length, 1, log.warnings.join('\n'));
  assert.deepEqual(log.errors, []);
  await context.close();
});

/** The SDK's history as the next page reads it from IndexedDB. */
const storedTypes = (page: Page) => page.evaluate(async () => ((await (window as any).vitrine.history()) as { item: string; type: string }[]).map((e) => `${e.item}:${e.type}`).reverse());

test('link cards navigate at once and their clicks are stored; a "Buy now" link inside a card records purchase', async () => {
  const [a, b] = site.products;
  const next = site.html('theme-next', themePage({ title: 'Next page', body: '  <p>next</p>' }, MODEL));
  const linkCard = `<a class="product-card" href="${next}" ${itemAttrs(a)}><h3>${a.name}</h3></a>`;
  const buyNow = `<div class="product-card" ${itemAttrs(b)}><h3>${b.name}</h3><a class="buy" href="${next}" data-vitrine-event="purchase">Buy now</a></div>`;
  const url = site.html('theme-links', themePage({ title: 'Link cards', body: `  <div class="row" data-vitrine-grid><div class="col">${linkCard}</div><div class="col">${buyNow}</div></div>` }, MODEL));
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await ready(page);
  await Promise.all([page.waitForURL(next), page.click(`a[data-vitrine-item="${a.id}"] h3`)]);
  await ready(page);
  assert.deepEqual(await storedTypes(page), [`${a.id}:click`], 'the link card kept navigating and its click is stored');
  await page.goto(url);
  await ready(page);
  await Promise.all([page.waitForURL(next), page.click('.buy')]);
  await ready(page);
  assert.deepEqual(await storedTypes(page), [`${a.id}:click`, `${b.id}:purchase`]);
  await context.close();
});

test("css-order: cards with `transition: all` jump straight to their new order (no transition runs), and a block container warns once and moves nodes", async () => {
  const ps = site.products.slice(0, 12);
  const body = `  <div class="flex animated" id="animated" data-vitrine-grid>${ps.map((p) => card(p)).join('')}</div>
  <div class="animated" id="block" data-vitrine-grid>${ps.map((p) => card(p)).join('')}</div>`;
  const url = site.html('theme-css-order', themePage({ title: 'css-order', body, scriptAttrs: 'data-reorder="css-order"' }, MODEL));
  const context = await browser.newContext();
  const page = await context.newPage();
  const log = watch(page);
  await page.goto(url);
  await ready(page);
  const domBefore = await ids(page, '#animated');
  for (const p of clickedOf(ps).clicked) await page.click(`#animated [data-vitrine-item="${p.id}"] .product-link`);
  await page.waitForFunction(() => (window as any).vitrine.stats().snapshot?.events === 3, undefined, { timeout: 20_000 });
  const visual = (sel: string) =>
    page.$$eval(`${sel} > [data-vitrine-item]`, (els) => els.map((e) => ({ id: (e as HTMLElement).dataset.vitrineItem!, order: Number(getComputedStyle(e).order) })).sort((x, y) => x.order - y.order).map((x) => x.id));

  const check = async (when: string) => {
    // every frame for a while: no transition on a card, and each card's computed order is its final one
    const frames = (await page.evaluate(`new Promise((resolve) => {
      const out = [];
      const frame = () => {
        const cards = Array.from(document.querySelectorAll('#animated > [data-vitrine-item]'));
        // a grid hidden then shown transitions its cards' visibility (from transition: all): only an order transition counts
        out.push({ running: document.getAnimations().filter((a) => a.transitionProperty === 'order').length, off: cards.filter((c) => getComputedStyle(c).order !== (c.style.order || '0')).length });
        if (out.length < 20) requestAnimationFrame(frame);
        else resolve(out);
      };
      frame();
    })`)) as { running: number; off: number }[];
    assert.deepEqual(frames.filter((f) => f.running || f.off), [], `${when}: no transition ran and no card was between orders`);
    assert.deepEqual(await ids(page, '#animated'), domBefore, `${when}: css-order moves no node`);
    assert.notDeepEqual(await visual('#animated'), domBefore, `${when}: the shown order changed`);
    assert.notDeepEqual(await ids(page, '#block'), domBefore, `${when}: the block container was ordered by moving nodes`);
    assert.equal(log.warnings.filter((w) => /css-order needs a flex or grid container, not display: block: moving nodes/.test(w)).length, 1, `${when}: ${log.warnings.join('\n')}`);
  };
  // the later reorder: run it while the sampler watches the next frames
  await page.evaluate(() => void (window as any).vitrine.reorder());
  await check('reorder()');
  log.warnings.length = 0;
  await page.reload();
  assert.equal((await firstReorder(page)).outcome, 'reordered');
  await check('first view');
  assert.deepEqual(log.errors, []);
  await context.close();
});

/** Products of a store whose words the shipped models never saw (a sports store's own categories and brands). */
const OUTDOOR = ['Northpeak', 'Fjellgear', 'Trailwyrd'].flatMap((brand, b) =>
  ['Sports > Jackets', 'Sports > Trail shoes', 'Camping > Tents', 'Camping > Stoves'].map((category, c) => ({ id: `OUT-${b}${c}`, name: `${brand} ${category.split(' > ')[1]}`, category, brand, price: 40 + 37 * b + 11 * c })),
);

for (const store of ['unknown', 'known'] as const) {
  test(`the model and the store's words (${store} vocabulary): stats().unknownContent, one warning when most items are unknown; prices as shown, or refused with a warning`, async () => {
    const ps = store === 'unknown' ? OUTDOOR : site.products.slice(0, 12);
    // one price the SDK cannot read unambiguously ("1,299": 1299 or 1.299?) is refused with a warning, never guessed
    const cards = ps.map((p, i) => `<div class="col">${card(p).replace(/data-vitrine-price="[^"]*"/, i === 5 ? 'data-vitrine-price="1,299"' : `data-vitrine-price="${i % 2 ? `${p.price.toFixed(2).replace('.', ',')} €` : `$${p.price.toFixed(2)} USD`}"`)}</div>`);
    const url = site.html(`theme-vocabulary-${store}`, themePage({ title: 'Vocabulary', body: `  <div class="row" data-vitrine-grid>${cards.join('')}</div>` }, '/models/base/manifest.json'));
    const context = await browser.newContext();
    const page = await context.newPage();
    const log = watch(page);
    await page.goto(url);
    await ready(page);
    for (const p of ps.slice(0, 3)) await page.click(`[data-vitrine-item="${p.id}"] .product-link`);
    await page.waitForFunction(() => (window as any).vitrine.stats().state === 'ready', undefined, { timeout: 20_000 });
    await page.evaluate(() => (window as any).vitrine.reorder());
    const stats = (await page.evaluate(() => (window as any).vitrine.stats())) as { unknownContent: { items: number; unknown: number; share: number } | null };
    assert.ok(stats.unknownContent, 'reported once the model ranked the page');
    console.log(`${store} vocabulary, models/base: ${JSON.stringify(stats.unknownContent)}`);
    assert.equal(stats.unknownContent.items, ps.length);
    const warned = log.warnings.filter((w) => /items on this page have a category, brand and title that model .* never saw/.test(w));
    if (store === 'unknown') {
      assert.ok(stats.unknownContent.share > 0.5, `most unknown: ${JSON.stringify(stats.unknownContent)}`);
      assert.equal(warned.length, 1, log.warnings.join('\n'));
    } else {
      assert.ok(stats.unknownContent.share < 0.5, `REES46's own words are known: ${JSON.stringify(stats.unknownContent)}`);
      assert.equal(warned.length, 0, log.warnings.join('\n'));
    }
    assert.equal(log.warnings.filter((w) => /data-vitrine-price="1,299" .* is ambiguous or not a value: ignored/.test(w)).length, 1, log.warnings.join('\n'));
    const history = (await page.evaluate(() => (window as any).vitrine.history())) as { item: string; attrs?: { price?: number } }[];
    for (const p of ps.slice(0, 3)) assert.equal(history.find((e) => e.item === p.id)?.attrs?.price, p.price, `${p.id}: the price as shown is read ("$12.00 USD", "12,00 €")`);
    assert.deepEqual(log.errors, []);
    await context.close();
  });
}
