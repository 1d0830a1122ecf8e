import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clickItems, useSite, gridOrder, ready, watch, type Browser, type Page, type Site } from './harness';

/** A grid's item ids in DOM order. */
const idsOf = (page: Page, selector: string) => page.$$eval(`${selector} > [data-vitrine-item]`, (els) => els.map((e) => (e as HTMLElement).dataset.vitrineItem!));

describe('storefront integration (script tag)', () => {
  let site: Site;
  let browser: Browser;
  useSite((s, b) => ((site = s), (browser = b)));

  test('grids added later and items appended are ordered once per change; what is on screen does not move on append', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const log = watch(page);
    await page.goto(site.page('late'));
    await ready(page);
    const pageOrder = await gridOrder(page);
    const last = site.products.filter((p) => p.category === site.products[site.products.length - 1].category);
    await clickItems(page, last.slice(0, 2).map((p) => p.id));
    await page.waitForFunction(() => (window as any).vitrine.stats().events === 2);
    await page.evaluate('vitrine.reorder()');

    const personalised = await gridOrder(page);
    assert.notDeepEqual(personalised, pageOrder);

    // an SPA view renders a second grid later: it gets ordered without a call
    await page.evaluate(`(() => {
      window.__moves = 0;
      const ul = document.createElement('ul');
      ul.id = 'late';
      ul.setAttribute('data-vitrine-grid', '');
      const first = document.querySelector('[data-vitrine-grid]');
      for (const id of ${JSON.stringify(pageOrder)}) ul.append(first.querySelector('[data-vitrine-item="' + id + '"]').cloneNode(true));
      document.body.append(ul);
      new MutationObserver((rs) => { window.__moves += rs.length; }).observe(ul, { childList: true });
    })()`);
    // same items, same history: the late grid ends in the first grid's personalised order
    await page.waitForFunction((want) => Array.from(document.querySelectorAll('#late > [data-vitrine-item]'), (e) => (e as HTMLElement).dataset.vitrineItem).join() === want, personalised.join());
    const lateOrder = await idsOf(page, '#late');
    await page.waitForTimeout(300);
    const moves = (await page.evaluate('window.__moves')) as number;
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate('window.__moves'), moves, 'no reorder loop');
    assert.deepEqual(await idsOf(page, '#late'), lateOrder);

    // infinite scroll: items appended to an ordered grid are ordered among themselves, below the others
    const before = await idsOf(page, '[data-vitrine-grid]:first-of-type');
    await page.evaluate(`(() => {
      const grid = document.querySelector('[data-vitrine-grid]');
      for (const li of Array.from(grid.children).slice(0, 6)) { const c = li.cloneNode(true); c.dataset.vitrineItem = 'more-' + c.dataset.vitrineItem; grid.append(c); }
    })()`);
    await page.waitForTimeout(300);
    const afterAppend = await idsOf(page, '[data-vitrine-grid]:first-of-type');
    assert.deepEqual(afterAppend.slice(0, before.length), before, 'items already shown did not move');
    assert.deepEqual(afterAppend.slice(before.length).sort(), before.slice(0, 6).map((id) => `more-${id}`).sort());
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test('out-of-stock items are never promoted; maxDisplacement bounds every move', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(site.page('guardrails', { scriptAttrs: { 'data-max-displacement': '3', 'data-blend': '1' } }));
    await ready(page);
    const pageOrder = await gridOrder(page);
    const last = site.products.filter((p) => p.category === site.products[site.products.length - 1].category);
    const oosId = last[last.length - 1].id;
    await page.evaluate((id) => document.querySelector(`[data-vitrine-item="${id}"]`)!.setAttribute('data-vitrine-oos', ''), oosId);
    await clickItems(page, last.slice(0, 3).map((p) => p.id));
    await page.waitForFunction(() => (window as any).vitrine.stats().events === 3);
    await page.evaluate('vitrine.reorder()');
    const order = await gridOrder(page);
    assert.notDeepEqual(order, pageOrder);
    order.forEach((id, slot) => assert.ok(Math.abs(slot - pageOrder.indexOf(id)) <= 3, `${id} moved ${slot - pageOrder.indexOf(id)}`));
    assert.ok(order.indexOf(oosId) >= pageOrder.indexOf(oosId), 'out-of-stock item not promoted');
    await context.close();
  });

  test('A/B holdout: the arm is stable per browser, keeps the page order, and exposure/click events reach dataLayer and onEvent without any request', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.addInitScript({ content: 'window.dataLayer = [];' });
    await page.goto(site.page('holdout', { scriptAttrs: { 'data-holdout': '1' } }));
    const stats = await ready(page);
    assert.equal(stats.arm, 'holdout');
    const pageOrder = await gridOrder(page);
    await clickItems(page, site.products.slice(-3).map((p) => p.id));
    await page.waitForFunction(() => (window as any).vitrine.stats().events === 3);
    await page.evaluate('vitrine.reorder()');
    assert.deepEqual(await gridOrder(page), pageOrder, 'holdout keeps the page order');
    const layer = (await page.evaluate('window.dataLayer')) as { event: string; arm: string }[];
    assert.ok(layer.some((e) => e.event === 'vitrine_exposure' && e.arm === 'holdout'), JSON.stringify(layer));
    assert.equal(layer.filter((e) => e.event === 'vitrine_click').length, 3);
    const n = requests.length;
    await page.reload();
    assert.equal((await ready(page)).arm, 'holdout', 'stable across visits');
    assert.ok(requests.slice(n).every((u) => !u.includes('dataLayer') && !/collect|analytics|track/i.test(u)));

    const other = await browser.newContext();
    const p2 = await other.newPage();
    await p2.goto(site.page('arm-personalized', { scriptAttrs: { 'data-holdout': '0' } }));
    assert.equal((await ready(p2)).arm, 'personalized');
    const events = await p2.evaluate(`(async () => {
      const seen = [];
      const v = Vitrine.createVitrine({ model: '/models/demo/manifest.json', dbName: 'other', autoTrack: false, onEvent: (e) => seen.push(e.event) });
      await v.ready();
      await v.track({ item: 'x', type: 'add_to_cart' });
      await v.rank([{ id: 'a' }, { id: 'b' }]);
      return seen;
    })()`);
    assert.deepEqual(events, ['vitrine_add_to_cart', 'vitrine_exposure']);
    await other.close();
    await context.close();
  });

  test('explain() names the history items that raised an item\'s score, in words a UI can show', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(site.page('explain'));
    await ready(page);
    const group = (p: { category: string }) => p.category.split('.').slice(0, 2).join('.');
    const target = group(site.products[site.products.length - 1]);
    const same = site.products.filter((p) => group(p) === target);
    const other = site.products.filter((p) => group(p) !== target);
    // history: two of the target category between two others; explain an unclicked item of the target category
    for (const p of [other[0], same[0], other[5], same[1]]) await page.click(`[data-vitrine-item="${p.id}"] button`);
    await page.waitForFunction(() => (window as any).vitrine.stats().events === 4);
    await page.evaluate('vitrine.reorder()');
    const ex = (await page.evaluate(`vitrine.explain(${JSON.stringify(same[2].id)})`)) as { because: { item: string; contribution: number }[]; text: string; score: number };
    assert.ok(ex.because.length >= 1, JSON.stringify(ex));
    assert.ok([same[0].id, same[1].id].includes(ex.because[0].item), `top reason ${ex.because[0].item} is a clicked item of the same category`);
    assert.ok(ex.because.every((b, i) => i === 0 || b.contribution <= ex.because[i - 1].contribution));
    assert.match(ex.text, /^Because you viewed /);
    const unknown = (await page.evaluate(`vitrine.explain('not-on-this-page')`)) as { item: string };
    assert.equal(unknown.item, 'not-on-this-page');
    await context.close();
  });

  test('css-order strategy: a flex grid is ordered visually with no DOM move; restore() clears it; nested grids order their own children', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const log = watch(page);
    await page.goto(site.page('css-order', { scriptAttrs: { 'data-reorder': 'css-order', 'data-anti-flicker': '5000' } }));
    await ready(page);
    await page.addStyleTag({ content: '[data-vitrine-grid] { display: flex; flex-wrap: wrap; }' });
    const dom = await gridOrder(page);
    const last = site.products.filter((p) => p.category === site.products[site.products.length - 1].category);
    await clickItems(page, last.slice(0, 3).map((p) => p.id));
    await page.waitForFunction(() => (window as any).vitrine.stats().events === 3);
    await page.evaluate(`window.__moved = 0; new MutationObserver((r) => (window.__moved += r.length)).observe(document.querySelector('[data-vitrine-grid]'), { childList: true })`);
    await page.evaluate('vitrine.reorder()');
    assert.deepEqual(await gridOrder(page), dom, 'no DOM move');
    assert.equal(await page.evaluate('window.__moved'), 0);
    const visual = (await page.$$eval('[data-vitrine-grid] > [data-vitrine-item]', (els) =>
      els.map((e) => ({ id: (e as HTMLElement).dataset.vitrineItem!, top: e.getBoundingClientRect().top, left: e.getBoundingClientRect().left })),
    )) as { id: string; top: number; left: number }[];
    const shown = visual.sort((a, b) => a.top - b.top || a.left - b.left).map((v) => v.id);
    assert.notDeepEqual(shown, dom, 'the visual order changed');
    const unclicked = last[3].id;
    assert.ok(shown.indexOf(unclicked) < dom.indexOf(unclicked), 'an unclicked item of the clicked category moved up on screen');
    await page.evaluate('vitrine.restore()');
    assert.deepEqual(await page.$$eval('[data-vitrine-grid] > [data-vitrine-item]', (els) => els.map((e) => (e as HTMLElement).style.order)), dom.map(() => ''));

    // nested: a grid inside an item moves with its item and orders only its own children
    await page.evaluate(`(() => {
      const host = document.querySelector('[data-vitrine-grid] > [data-vitrine-item]');
      const inner = document.createElement('ul');
      inner.id = 'inner';
      inner.setAttribute('data-vitrine-grid', '');
      for (const id of ['n1', 'n2', 'n3']) { const li = document.createElement('li'); li.dataset.vitrineItem = id; li.dataset.vitrineCategory = 'x'; inner.append(li); }
      host.append(inner);
    })()`);
    await page.evaluate('vitrine.reorder()');
    assert.deepEqual((await page.$$eval('#inner > li', (els) => els.map((e) => (e as HTMLElement).dataset.vitrineItem))).sort(), ['n1', 'n2', 'n3']);
    assert.equal(await page.$$eval('[data-vitrine-grid]:not(#inner) > [data-vitrine-item]', (els) => els.length), dom.length, 'the inner items are not items of the outer grid');
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test('keyboard focus and scroll position survive a reorder', async () => {
    const context = await browser.newContext({ viewport: { width: 800, height: 500 } });
    const page = await context.newPage();
    await page.goto(site.page('focus', { scriptAttrs: { 'data-anti-flicker': '5000' } }));
    await ready(page);
    const last = site.products.filter((p) => p.category === site.products[site.products.length - 1].category);
    await clickItems(page, last.slice(0, 3).map((p) => p.id));
    await page.waitForFunction(() => (window as any).vitrine.stats().events === 3);
    const focusId = last[3].id;
    await page.focus(`[data-vitrine-item="${focusId}"] button`);
    await page.evaluate('window.scrollTo(0, 300)');
    const before = await gridOrder(page);
    await page.evaluate('vitrine.reorder()');
    assert.notDeepEqual(await gridOrder(page), before, 'the focused item moved');
    assert.equal(await page.evaluate(`document.activeElement.closest('[data-vitrine-item]')?.dataset.vitrineItem`), focusId);
    assert.equal(await page.evaluate('window.scrollY'), 300);
    await context.close();
  });
});
