/**
 * The demo (issue 12) on the files `npm run demo:build` writes, in Chromium at desktop and phone
 * widths: a persona replayed moves their category up, with reasons; the knobs act; every chart is
 * drawn from the eval files inlined by the build (a build from changed files draws other charts);
 * the network log lists only the SDK's and the model's files; the page is usable from the keyboard,
 * overflows nothing, logs no console error and works offline once loaded. Screenshots go to
 * test-results/demo/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { startServer, type StaticServer } from '../support/server';
import { writeSite } from '../../demo/make/site';

const ROOT = path.resolve(import.meta.dirname, '../..');
const EVIDENCE = path.join(ROOT, 'demo/evidence');
const SHOTS = path.join(ROOT, 'test-results/demo');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 740 };

let browser: Browser;
let site: StaticServer;
let changed: StaticServer;
const readJson = (f: string) => JSON.parse(readFileSync(f, 'utf8'));

before(async () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'vitrine-demo-'));
  await writeSite({ root: ROOT, out: path.join(tmp, 'site'), evidence: EVIDENCE });
  // the same build from changed eval files: every model number halved, the replay's curve flattened
  const ev2 = path.join(tmp, 'evidence');
  cpSync(EVIDENCE, ev2, { recursive: true });
  for (const label of ['rees46', 'yoochoose-100k']) {
    const file = path.join(ev2, `${label}.eval.json`);
    const j = readJson(file);
    for (const c of j.curves) if (c.name === 'model (shipped)') (c.hr = c.hr.map((x: number) => x / 2)), (c.mrr = c.mrr.map((x: number) => x / 2));
    writeFileSync(file, JSON.stringify(j));
  }
  const r = readJson(path.join(ev2, 'replay.json'));
  r.all.cdf.personalised = r.all.cdf.page.slice();
  writeFileSync(path.join(ev2, 'replay.json'), JSON.stringify(r));
  await writeSite({ root: ROOT, out: path.join(tmp, 'changed'), evidence: ev2 });
  site = await startServer({ '/': path.join(tmp, 'site') });
  changed = await startServer({ '/': path.join(tmp, 'changed') });
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await site?.close();
  await changed?.close();
});

async function open(server: StaticServer, viewport: { width: number; height: number }, ctxOptions: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, ...ctxOptions });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(`${server.url}/?step=40`);
  return { context, page, errors };
}

/** Presses a persona (by keyboard or click) and waits until its replay has ended. */
async function replay(page: Page, index: number, how: 'click' | 'keyboard' = 'click'): Promise<void> {
  const before = await page.evaluate(() => (window as any).vitrineDemo.done);
  const button = page.locator('.persona').nth(index);
  if (how === 'click') await button.click();
  else {
    await button.focus();
    await page.keyboard.press('Enter');
  }
  await page.waitForFunction((n) => (window as any).vitrineDemo.done > n, before, { timeout: 30_000 });
}

/** Products of the persona's category among the first `k`, in the store's order and in Vitrine's. */
async function categoryTop(page: Page, index: number, k = 8): Promise<{ page: number; personalised: number; category: string }> {
  // a string, so the test's compiler adds no helpers to the page's code
  return page.evaluate(`(() => {
    const d = window.vitrineDemo;
    const cat = d.data.personas[${index}].category;
    const of = new Map(d.data.products.map((p) => [p.id, p.category.split('.').slice(0, 2).join('.')]));
    const ids = d.data.products.map((p) => p.id);
    return { page: ids.slice(0, ${k}).filter((id) => of.get(id) === cat).length, personalised: d.order.slice(0, ${k}).filter((id) => of.get(id) === cat).length, category: cat };
  })()`);
}

/** Text that overflows its box, or a page wider than the viewport. */
async function overflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    if (document.documentElement.scrollWidth > innerWidth) bad.push(`page ${document.documentElement.scrollWidth}px wide in ${innerWidth}px`);
    for (const el of document.querySelectorAll<HTMLElement>('.card .name, .card .meta, .card .why, .persona .who, .persona .what, .kpi, .facts dd, .arm li, h1, h2, h3, label, figcaption'))
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'auto') bad.push(`${el.className || el.tagName}: "${el.textContent!.slice(0, 40)}"`);
    return bad;
  });
}

/** The y values of each series' points in one chart, as Chartist drew them (ct:value). */
function drawn(page: Page, chart: string): Promise<number[][]> {
  return page.evaluate(
    (c) => [...document.querySelectorAll(`[data-chart="${c}"] .ct-series`)].map((g) => [...g.querySelectorAll('.ct-point, .ct-bar')].map((p) => Number(p.getAttribute('ct:value')!.split(',').pop()))),
    chart,
  );
}

for (const [width, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
  test(`demo at ${width} width (${viewport.width} px): replaying a persona moves their category up, with movement and reasons; nothing overflows; no console error`, async () => {
    const { context, page, errors } = await open(site, viewport, width === 'phone' ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {});
    const personas = await page.locator('.persona').count();
    assert.ok(personas >= 4 && personas <= 6, `4-6 personas, got ${personas}`);
    for (let i = 0; i < personas; i++) {
      await replay(page, i);
      const top = await categoryTop(page, i);
      console.log(`# ${width} persona ${i + 1} (${top.category}): ${top.page} -> ${top.personalised} of the first 8`);
      assert.ok(top.personalised > top.page, `persona ${i + 1}: ${top.category} in the first 8 went ${top.page} -> ${top.personalised}`);
      if (i === 1 && width === 'desktop') {
        await page.waitForTimeout(600); // the last move's animation
        await page.locator('#personas').evaluate((el) => el.scrollIntoView());
        await page.screenshot({ path: path.join(SHOTS, 'desktop-top.png') });
      }
    }
    const reasons = await page.locator('#after .why').allTextContents();
    assert.ok(reasons.length > 0 && reasons.every((t) => /^Because you (viewed|added|bought)/.test(t)), `reasons: ${reasons.join(' | ')}`);
    const moves = await page.locator('#after .move.up').count();
    assert.ok(moves > 0, 'some product shows an upward move');
    assert.deepEqual(await overflow(page), []);
    await page.waitForTimeout(600); // the last move's animation
    await page.locator('#compare').screenshot({ path: path.join(SHOTS, `${width}-before-after.png`) });
    await page.screenshot({ path: path.join(SHOTS, `${width}-full.png`), fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('demo "Recommended for you" row: 8 cards with titles and links before any shopper (the script-tag slot), then more of the persona\'s category after a replay', async () => {
  const { context, page, errors } = await open(site, DESKTOP);
  await page.waitForSelector('#recs[data-vitrine-state="filled"]');
  const cards = () => page.$$eval('#recs [data-vitrine-item]', (els) => els.map((e) => ({ id: (e as HTMLElement).dataset.vitrineItem!, href: e.getAttribute('href'), title: e.querySelector('.rec-title')!.textContent!, category: (e as HTMLElement).dataset.vitrineCategory ?? '' })));
  const before = await cards();
  assert.equal(before.length, 8);
  assert.ok(before.every((c) => c.title.trim() && c.href === `#p-${c.id}`), JSON.stringify(before));
  await replay(page, 0);
  const cat = (await page.evaluate(() => (window as any).vitrineDemo.data.personas[0].category)) as string;
  const after = await cards();
  const inCat = (cs: { category: string }[]) => cs.filter((c) => c.category.split('.').slice(0, 2).join('.') === cat).length;
  console.log(`# recommended for you, ${cat}: ${inCat(before)} -> ${inCat(after)} of 8`);
  assert.equal(after.length, 8);
  assert.ok(after.every((c) => c.title.trim() && c.href === `#p-${c.id}`), JSON.stringify(after));
  assert.ok(inCat(after) > inCat(before), `${cat} in the row went ${inCat(before)} -> ${inCat(after)}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('demo charts are drawn from the eval files of the build: a build from changed files draws the changed numbers', async () => {
  const evals = Object.fromEntries(['rees46', 'yoochoose-100k'].map((l) => [l, readJson(path.join(EVIDENCE, `${l}.eval.json`))]));
  const replayFile = readJson(path.join(EVIDENCE, 'replay.json'));
  const model = (l: string) => evals[l].curves.find((c: any) => c.name === 'model (shipped)');
  const a = await open(site, DESKTOP);
  const b = await open(changed, DESKTOP);
  for (const l of ['rees46', 'yoochoose-100k']) {
    const shown = await drawn(a.page, `hr-${l}`);
    assert.deepEqual(shown[0], model(l).hr, `${l}: the model's HR@1..20 as in the eval file`);
    assert.equal(shown.length, 4, `${l}: model, popularity, transition, session-knn`);
    for (const [i, name] of ['popularity', 'transition', 'session-knn'].entries()) assert.deepEqual(shown[i + 1], evals[l].curves.find((c: any) => c.name === name).hr);
    const changedShown = await drawn(b.page, `hr-${l}`);
    assert.deepEqual(changedShown[0], model(l).hr.map((x: number) => x / 2), `${l}: the changed file's numbers`);
  }
  const mrr = await drawn(a.page, 'mrr');
  assert.deepEqual(mrr[0], ['rees46', 'yoochoose-100k'].map((l) => model(l).mrr[19]));
  assert.deepEqual((await drawn(b.page, 'mrr'))[0], ['rees46', 'yoochoose-100k'].map((l) => model(l).mrr[19] / 2));
  assert.deepEqual((await drawn(a.page, 'replay'))[0], replayFile.all.cdf.personalised);
  assert.deepEqual((await drawn(b.page, 'replay'))[0], replayFile.all.cdf.page);
  const kpi = await a.page.locator('.kpi .big').first().textContent();
  assert.equal(kpi, `${replayFile.all.position.page.mean.toFixed(1)} → ${replayFile.all.position.personalised.mean.toFixed(1)}`);
  await a.page.locator('#evidence').screenshot({ path: path.join(SHOTS, 'desktop-evidence.png') });
  assert.deepEqual([...a.errors, ...b.errors], []);
  await a.context.close();
  await b.context.close();
});

test('demo knobs re-rank live (blend, pins, max displacement, diversity, holdout with both arms); the network log lists only SDK and model files; keyboard only', async () => {
  const { context, page, errors } = await open(site, DESKTOP);
  await replay(page, 0, 'keyboard');
  const pageOrder: string[] = await page.evaluate(() => (window as any).vitrineDemo.data.products.map((p: any) => p.id));
  const order = (): Promise<string[]> => page.evaluate(() => (window as any).vitrineDemo.order);
  const personalised = await order();
  assert.notDeepEqual(personalised, pageOrder);

  await page.locator('#blend').fill('0');
  await page.waitForFunction((p) => JSON.stringify((window as any).vitrineDemo.order) === p, JSON.stringify(pageOrder));
  await page.locator('#blend').fill('0.7');
  await page.waitForFunction((p) => JSON.stringify((window as any).vitrineDemo.order) === p, JSON.stringify(personalised));

  await page.selectOption('#pins', '3');
  await page.waitForFunction((p) => (window as any).vitrineDemo.order.slice(0, 3).join() === p, pageOrder.slice(0, 3).join());
  assert.equal(await page.locator('#after .pin').count(), 3);
  await page.selectOption('#pins', '0');

  await page.selectOption('#maxdisp', '2');
  await page.waitForFunction((p) => (window as any).vitrineDemo.order.every((id: string, slot: number) => Math.abs(p.indexOf(id) - slot) <= 2) && JSON.stringify((window as any).vitrineDemo.order) !== JSON.stringify(p), pageOrder);
  await page.selectOption('#maxdisp', '');

  await page.selectOption('#diversity', 'category:1:4');
  await page.waitForFunction(() => {
    const d = (window as any).vitrineDemo;
    const of = new Map(d.data.products.map((p: any) => [p.id, p.category.split('.').slice(0, 2).join('.')]));
    return new Set(d.order.slice(0, 4).map((id: string) => of.get(id))).size === 4;
  });
  await page.selectOption('#diversity', '');

  await page.locator('#holdout').fill('0.3');
  await page.waitForFunction(() => /30% of browsers/.test(document.getElementById('arms')!.textContent!) && /this browser: (control|personalised) arm/.test(document.getElementById('arm-badge')!.textContent!));
  const arms = await page.locator('#arms .arm').count();
  assert.equal(arms, 2, 'both arms shown');

  // the trust panel refreshes after the instance of the new arm settles: wait for it, then read it
  await page.waitForFunction(() => /engine(js|webgpu|wasm|webgl|cpu)/.test(document.getElementById('engine')?.textContent ?? ''), undefined, { timeout: 20_000 }).catch(() => undefined);
  const engineText = await page.locator('#engine').textContent();
  assert.match(engineText!, /engine(js|webgpu|wasm|webgl|cpu)/);

  // network log: every resource the page fetched is one of the SDK's or the model's files
  await page.waitForLoadState('networkidle');
  const kinds = await page.locator('#net-log tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.kind));
  const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
  console.log(`# network log: ${fetched.join(', ')}`);
  assert.ok(kinds.length >= 4 && kinds.every((k) => k === 'sdk' || k === 'model'), `kinds: ${kinds.join(', ')}`);
  assert.equal(kinds.length, fetched.length, 'the log lists every resource entry');
  assert.ok(fetched.every((p) => /^\/(vendor\/[^/]+\.m?js|models\/demo\/[^/]+)$/.test(p)), fetched.join(', '));
  assert.ok(fetched.some((p) => p.endsWith('/weights.bin')) && fetched.some((p) => p.endsWith('/vitrine.iife.js')));
  assert.match((await page.locator('#net-summary').textContent())!, /all to the SDK's and the model's own files/);
  await page.locator('#trust').screenshot({ path: path.join(SHOTS, 'desktop-trust.png') });

  // the profile widget's erase empties this shopper's history: the store's order comes back
  await page.locator('#holdout').fill('0');
  await page.locator('#profile .vitrine-profile__erase').press('Enter');
  await page.waitForFunction((p) => JSON.stringify((window as any).vitrineDemo.order) === p, JSON.stringify(pageOrder));
  assert.match((await page.locator('#engine').textContent())!, /0 events on this device/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('demo works offline once loaded (service worker and the SDK model cache): reload offline, replay a persona', async () => {
  const { context, page, errors } = await open(site, DESKTOP);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await replay(page, 1);
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('.persona');
  await replay(page, 1);
  const top = await categoryTop(page, 1);
  const how = await page.evaluate(() => ({ controlled: !!navigator.serviceWorker.controller, modelSource: (window as any).vitrineDemo.stats?.modelSource, backend: (window as any).vitrineDemo.stats?.backend }));
  console.log(`# offline: page from the service worker: ${how.controlled}; model from: ${how.modelSource}; engine ${how.backend}; persona 2: ${top.page} -> ${top.personalised} of the first 8`);
  assert.ok(how.controlled, 'the offline page came from the service worker');
  assert.ok(top.personalised > top.page);
  assert.deepEqual(errors, []);
  await context.close();
});
