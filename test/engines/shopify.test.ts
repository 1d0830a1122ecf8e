/**
 * The Shopify install (README "Shopify") on the Dawn-shaped collection page in Chromium, Firefox
 * and WebKit: the theme's assets on a second origin, clicks and a quick add, then the returning
 * shopper's first view personalised, holding while the reveal-on-scroll script rewrites styles,
 * images by position, and a page sorted by the shopper left alone. One line per engine is printed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { FIRST_SHOWN_PROBE, IMAGES, meanSlot, SHOWN, shopperOf, startDawnStore, type DawnStore } from '../fixtures/themes/dawn-store';
import { CONSOLE_RECORDER, describeEngines, waitFor, type EnginePage } from '../support/engines';

let store: DawnStore;
before(async () => (store = await startDawnStore()));
after(() => store?.close());

/** A hung browser fails its test within this, instead of holding the run. */
const LIMIT = { timeout: 120_000 };

const head = `<script>${CONSOLE_RECORDER}</script><script>${FIRST_SHOWN_PROBE}</script>`;

async function scrollDown(page: EnginePage) {
  for (let y = 0; y <= 3000; y += 350) await page.evaluate(`new Promise((r) => { window.scrollTo(0, ${y}); setTimeout(r, 80); })`);
}

describeEngines((open, name) => {
  test('Dawn collection page from the theme assets: personalised first view that holds while scrolling, images by position, quick add once, a sorted page left alone', LIMIT, async () => {
    const products = store.products;
    const pageOrder = products.map((p) => p.id);
    const { clicked, added, others } = shopperOf(products);
    // the probes (console recorder, first shown order) at the top of <head>, before the snippet
    const url = await store.write(`engine-${name}`, { head });
    const page = await open(url);
    try {
      for (const p of clicked) await page.click(`[data-vitrine-item="${p.id}"] a.full-unstyled-link`);
      await page.click(`[data-vitrine-item="${added.id}"] .quick-add__submit`);
      await waitFor(page, 'four events in the shopper snapshot', `vitrine.stats().snapshot && vitrine.stats().snapshot.events === 4`, undefined, 40_000);
      await waitFor(page, "stats().state 'ready'", `vitrine.stats().state === 'ready'`);
      const history = await page.evaluate<{ item: string; type: string }[]>(`vitrine.history().then((h) => h.map((e) => ({ item: e.item, type: e.type })))`);
      assert.deepEqual(history.filter((e) => e.item === added.id).map((e) => e.type), ['add_to_cart'], 'quick add: one add_to_cart');
      assert.equal(history.filter((e) => e.type === 'click').length, 3);

      await page.goto(url);
      const first = await waitFor<{ outcome: string; hiddenMs: number; source: string }>(page, 'vitrine.firstReorder()', `window.vitrine && vitrine.firstReorder()`);
      const seen = await waitFor<string[]>(page, 'the grid shown (probe)', 'window.__first');
      const images = await page.evaluate<string[]>(IMAGES);
      await scrollDown(page);
      const scrolled = await page.evaluate<string[]>(SHOWN);
      console.log(`# ${name}: firstReorder ${first.outcome} (${first.source}, hidden ${first.hiddenMs} ms); mean slot of the clicked category ${meanSlot(pageOrder, others)} -> ${meanSlot(seen, others)} first shown -> ${meanSlot(scrolled, others)} after scrolling; top 8 lazy ${images.slice(0, 8).filter((i) => i.startsWith('lazy')).length}`);
      assert.equal(first.outcome, 'reordered');
      assert.ok(meanSlot(seen, others) < meanSlot(pageOrder, others), 'personalised when first shown');
      assert.deepEqual(scrolled, seen, 'the order holds after scrolling');
      assert.deepEqual(images.slice(0, 3), ['null/high null/null', 'null/null null/null', 'lazy/null lazy/null'], images.join('|'));

      await page.goto(`${url}?sort_by=price-ascending`);
      await waitFor(page, 'vitrine.firstReorder()', `window.vitrine && vitrine.firstReorder()`);
      assert.deepEqual(await waitFor<string[]>(page, 'the grid shown (probe)', 'window.__first'), pageOrder, "the shopper's sort: page order");
      const log = await page.log();
      assert.deepEqual(log.errors, [], log.errors.join('\n'));
    } finally {
      await page.close();
    }
  });
});
