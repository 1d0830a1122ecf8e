/**
 * The storefront flows on the built script tag (dist/) in Chromium, Firefox and WebKit, through
 * the engine-neutral driver in test/support/engines. A missing engine is skipped with one line,
 * except under CI, where it fails. Every page is marked up by storePage() below.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { FIRST_VISIBLE_PROBE, startSite, type Site } from '../browser/harness';
import type { StorePageOptions } from '../../demo/page';
import { CONSOLE_RECORDER, describeEngines, waitFor, type EnginePage } from '../support/engines';

/**
 * The one place that says how the suite's store pages are marked up. `placement` is where the SDK's
 * script tag goes: 'head', the README's snippet (a classic script in <head>). The probes (console
 * recorder, first visible frame) run first in <head>.
 */
const MARKUP: Partial<StorePageOptions> = {
  placement: 'head',
  headHtml: `<script>${CONSOLE_RECORDER}</script><script>${FIRST_VISIBLE_PROBE}</script>`,
};

let site: Site;
before(async () => (site = await startSite()));
after(() => site?.server.close());

const storePage = (name: string, options: Partial<StorePageOptions> = {}) => site.page(name, { ...MARKUP, ...options });

/** In-page expressions (strings: nothing from this file exists in the page). */
const GRID = `Array.from(document.querySelectorAll('[data-vitrine-grid] > [data-vitrine-item]'), (e) => e.dataset.vitrineItem)`;
const READY = `window.vitrine && typeof vitrine.ready === 'function' && (window.__vitrineReady || (vitrine.ready().then(() => (window.__vitrineReady = true)), false))`;
const HISTORY = `vitrine.history().then((h) => h.map((e) => ({ item: e.item, type: e.type, category: e.attrs && e.attrs.category })))`;

type Stats = Record<string, any>;
type Event = { item: string; type: string; category?: string };
interface FirstView {
  /** vitrine.firstReorder(), as the SDK reports it. */
  first: { outcome: string; hiddenMs: number };
  /** The grid at the first frame it was visible at all, and at the first one after parsing (FIRST_VISIBLE_PROBE). */
  firstFrame: string[];
  afterParse: string[];
  /** The grid once settled. */
  final: string[];
}

/** Waits for the script-tag instance to be ready (polling: a long-pending evaluate is fragile in some drivers) and returns its stats. */
async function ready(page: EnginePage): Promise<Stats> {
  await waitFor(page, 'vitrine.ready()', READY);
  return page.evaluate<Stats>('vitrine.stats()');
}

/** The first view as the SDK reports it and as the probe in the page saw it. */
async function firstView(page: EnginePage): Promise<FirstView> {
  const first = await waitFor<FirstView['first']>(page, 'vitrine.firstReorder()', `window.vitrine && vitrine.firstReorder && vitrine.firstReorder()`);
  await waitFor(page, 'the grid to be visible (first-frame probe)', 'window.__firstVisibleOrder');
  return page.evaluate<FirstView>(`({ first: vitrine.firstReorder(), firstFrame: window.__firstFrameOrder, afterParse: window.__firstVisibleOrder, final: ${GRID} })`);
}

/** The order an explicit ranking gives now: the page order restored, then vitrine.reorder(). */
const explicitOrder = (page: EnginePage) => page.evaluate<string[]>(`(async () => { vitrine.restore(); await vitrine.reorder(); return ${GRID}; })()`);

/**
 * Waits until the model has loaded: after a shopper's first event it loads in idle time, and a page
 * left during that download logs a warning in Firefox (the fetch fails as the page unloads).
 */
const modelLoaded = (page: EnginePage) => waitFor(page, "stats().state 'ready' (the model loaded after the first event)", `vitrine.stats().state === 'ready'`);

const cardButton = (id: string) => `[data-vitrine-item="${id}"] button`;
const group = (category: string) => category.split('.').slice(0, 2).join('.');
const modelRequests = (from: number) => site.server.requests.slice(from).filter((p) => p.startsWith('/models/'));

/** How an order compares with the explicit ranking and the page order, in words for the report. */
function describeOrder(order: string[] | null, explicit: string[], pageOrder: string[]): string {
  if (!order) return 'never visible';
  if (order.join() === explicit.join()) return 'personalised';
  if (order.join() === pageOrder.join()) return 'page order';
  return order.length < pageOrder.length ? `partial grid (${order.length} of ${pageOrder.length})` : 'another order';
}

/**
 * A shopper with nothing to personalise sees the page order from the first frame: a grid still
 * streaming in shows its first cards (a prefix of the page order), the first frame after parsing
 * shows all of them, and nothing moves afterwards.
 */
function assertPageOrder(view: FirstView, pageOrder: string[]): void {
  assert.ok(view.firstFrame, 'the grid was visible');
  assert.deepEqual(view.firstFrame, pageOrder.slice(0, view.firstFrame.length), 'first frame: the page order (the cards parsed so far)');
  assert.deepEqual(view.afterParse, pageOrder, 'first frame after parsing: the page order');
  assert.deepEqual(view.final, pageOrder, 'and it stays');
}

async function assertQuiet(page: EnginePage): Promise<void> {
  const log = await page.log();
  assert.deepEqual(log.errors, [], 'no errors');
  assert.deepEqual(log.warnings, [], 'no SDK warnings');
}

/** A hung browser fails its test within this, instead of holding the run. */
const LIMIT = { timeout: 120_000 };

describeEngines((open, name) => {
  /** A page in a fresh profile; closed after `fn`, whatever happens. */
  async function withPage(url: string, fn: (page: EnginePage) => Promise<void>): Promise<void> {
    const page = await open(url);
    try {
      await fn(page);
    } finally {
      await page.close();
    }
  }

  /** The three items of the page's last category, clicked by the shopper on `page`; returns them. */
  async function clickLastCategory(page: EnginePage) {
    const last = site.products.filter((p) => group(p.category) === group(site.products[site.products.length - 1].category)).slice(0, 3);
    for (const p of last) await page.click(cardButton(p.id));
    return last;
  }

  test('the driver reads the console of every load: an SDK warning and an uncaught error are seen, after a navigation too', LIMIT, async () => {
    const noisy = { scriptAttrs: { 'data-blend': '2' }, extraHtml: `<script>setTimeout(() => { throw new Error('engine-console-probe'); }, 0);</script>` };
    await withPage(storePage('console', noisy), async (page) => {
      await ready(page);
      await page.goto(storePage('console-next'));
      await ready(page);
      let log = await page.log();
      for (const end = Date.now() + 5000; Date.now() < end && !(log.warnings.length && log.errors.length); log = await page.log()) await new Promise((r) => setTimeout(r, 100));
      assert.equal(log.warnings.filter((w) => w.includes('option blend')).length, 1, `the SDK's warning about data-blend: ${JSON.stringify(log)}`);
      assert.ok(log.errors.some((e) => e.includes('engine-console-probe')), `the page's uncaught error: ${JSON.stringify(log)}`);
    });
  });

  test('clicks on cards are stored in history(); the next page and a reload are personalised in the first frame the grid is visible', LIMIT, async () => {
    await withPage(storePage('shop'), async (page) => {
      assert.equal((await ready(page)).state, 'idle', 'a new shopper downloads nothing');
      const pageOrder = await page.evaluate<string[]>(GRID);
      const clicked = await clickLastCategory(page);
      const history = await waitFor<Event[]>(page, 'three events in history()', `${HISTORY}.then((h) => h.length === 3 && h)`);
      assert.deepEqual(history.map((e) => [e.item, e.type]), clicked.map((p) => [p.id, 'click']).reverse(), 'the clicks, newest first');
      // what follows are a returning shopper's views, model cached
      await modelLoaded(page);

      const views: { view: string; seen: FirstView; explicit: string[] }[] = [];
      for (const view of ['next page', 'reload'] as const) {
        if (view === 'next page') await page.goto(storePage('shop-next'));
        else await page.reload();
        const seen = await firstView(page);
        views.push({ view, seen, explicit: await explicitOrder(page) });
      }
      for (const { view, seen, explicit } of views) {
        const report = { firstReorder: seen.first, firstFrame: describeOrder(seen.firstFrame, explicit, pageOrder), afterParse: describeOrder(seen.afterParse, explicit, pageOrder) };
        console.log(`# ${name} returning shopper, ${view}: ${JSON.stringify(report)}`);
      }
      for (const { view, explicit } of views) assert.notDeepEqual(explicit, pageOrder, `${view}: an explicit reorder() personalises this history`);
      await assertQuiet(page);
      // the target: the shopper sees the personalised order from the first frame, and only it
      for (const { view, seen, explicit } of views) {
        assert.deepEqual(seen.firstFrame, explicit, `${view}: the first visible frame shows the personalised order (firstReorder ${JSON.stringify(seen.first)})`);
        assert.deepEqual(seen.final, explicit, `${view}: the grid stays in it`);
      }
    });
  });

  test('the model files are reused from the cache on a reload and on the next page: no model request', LIMIT, async () => {
    await withPage(storePage('cache'), async (page) => {
      const start = site.server.requests.length;
      await ready(page);
      await page.click(cardButton(site.products[0].id));
      await modelLoaded(page);
      const downloaded = modelRequests(start);
      assert.ok(downloaded.some((p) => p.endsWith('manifest.json')) && downloaded.length >= 2, `the first view downloaded the model: ${downloaded.join(', ')}`);

      const views: { view: string; models: string[]; source: string; state: string }[] = [];
      // the same page again first: in a WebKit session that is the view that found the Cache API empty
      for (const view of ['reload', 'next page'] as const) {
        const mark = site.server.requests.length;
        if (view === 'reload') await page.reload();
        else await page.goto(storePage('cache-next'));
        const stats = await ready(page);
        views.push({ view, models: modelRequests(mark), source: stats.modelSource, state: stats.state });
      }
      console.log(`# ${name} cache: first view ${downloaded.length} model requests; ${views.map((v) => `${v.view} ${v.models.length} (modelSource ${v.source})`).join('; ')}`);
      for (const v of views) {
        assert.equal(v.state, 'ready', v.view);
        assert.deepEqual(v.models, [], `${v.view}: no model file requested`);
        assert.equal(v.source, 'cache', `${v.view}: the model came from the cache`);
      }
      await assertQuiet(page);
    });
  });

  test('forget() erases the history; the next page keeps the page order', LIMIT, async () => {
    await withPage(storePage('forget'), async (page) => {
      await ready(page);
      const pageOrder = await page.evaluate<string[]>(GRID);
      await clickLastCategory(page);
      await waitFor(page, 'three events in history()', `${HISTORY}.then((h) => h.length === 3)`);
      await modelLoaded(page);
      await page.evaluate('vitrine.forget()');
      assert.deepEqual(await page.evaluate(HISTORY), []);
      assert.equal((await page.evaluate<Stats>('vitrine.stats()')).events, 0);

      await page.goto(storePage('forget-next'));
      const stats = await ready(page);
      const view = await firstView(page);
      assert.deepEqual(await page.evaluate(HISTORY), [], 'nothing came back');
      assert.equal(stats.events, 0);
      assert.equal(view.first.outcome, 'no-history');
      assertPageOrder(view, pageOrder);
      assert.deepEqual(await explicitOrder(page), pageOrder, 'an explicit reorder() keeps it too');
      await assertQuiet(page);
    });
  });

  test('the profile widget renders the interests, on the next page too, and Remove takes one out', LIMIT, async () => {
    const widget = { extraHtml: '<div data-vitrine-profile></div>' };
    const interests = `Array.from(document.querySelectorAll('[data-vitrine-profile] .vitrine-profile__interest .vitrine-profile__name'), (e) => e.textContent)`;
    await withPage(storePage('profile', widget), async (page) => {
      await ready(page);
      assert.deepEqual(await page.evaluate(interests), [], 'no interests yet');
      assert.match(await page.evaluate<string>(`document.querySelector('[data-vitrine-profile]').textContent`), /Nothing yet/);
      const clicked = await clickLastCategory(page);
      const target = group(clicked[0].category);
      await waitFor(page, `the interest ${target} in the widget`, `${interests}.includes(${JSON.stringify(target)})`);
      await modelLoaded(page);

      await page.goto(storePage('profile-next', widget));
      await ready(page);
      const shown = await waitFor<string[]>(page, `the interest ${target} on the next page`, `${interests}.includes(${JSON.stringify(target)}) && ${interests}`);
      assert.ok(shown.includes(clicked[0].brand.toLowerCase()), `the brand is listed too: ${shown.join(', ')}`);
      await page.click(`[data-vitrine-profile] [data-vitrine-key="category:${target}"]`);
      await waitFor(page, `${target} removed from the widget`, `!${interests}.includes(${JSON.stringify(target)})`);
      const left = await page.evaluate<Event[]>(HISTORY);
      assert.deepEqual(left.filter((e) => e.category && group(e.category) === target), [], 'its events are gone from the history');
      await assertQuiet(page);
    });
  });

  for (const consent of ['pending', 'denied'] as const) {
    test(`consent '${consent}': clicks record nothing on the device; the next page keeps the page order`, LIMIT, async () => {
      await withPage(storePage(`consent-${consent}`, { scriptAttrs: { 'data-consent': consent } }), async (page) => {
        const stats = await ready(page);
        assert.equal(stats.consent, consent);
        const pageOrder = await page.evaluate<string[]>(GRID);
        await clickLastCategory(page);
        await waitFor(page, 'the three clicks seen (kept in memory for this page)', 'vitrine.stats().events === 3');
        await modelLoaded(page);
        // the next page, consent granted: it would read whatever was stored on the device
        await page.goto(storePage('consent-next'));
        const next = await ready(page);
        const view = await firstView(page);
        assert.equal(next.consent, 'granted');
        assert.equal(next.events, 0);
        assert.deepEqual(await page.evaluate(HISTORY), [], 'nothing was stored');
        assert.equal(next.state, 'idle', 'no history: nothing downloaded');
        assertPageOrder(view, pageOrder);
        await assertQuiet(page);
      });
    });
  }
});
