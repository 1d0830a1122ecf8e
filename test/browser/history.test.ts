import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clickItems, useSite, gridOrder, ready, watch, type Browser, type Site } from './harness';

/** Raw IndexedDB helpers run in the page (strings: no bundler helpers in evaluated code). */
const RAW = `
window.__raw = {
  open(version, upgrade) {
    return new Promise((resolve, reject) => {
      const req = version ? indexedDB.open('vitrine', version) : indexedDB.open('vitrine');
      req.onupgradeneeded = () => upgrade && upgrade(req.result, req.transaction);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  },
  async all() {
    const db = await this.open();
    const rows = await new Promise((resolve) => { const r = db.transaction('events').objectStore('events').getAll(); r.onsuccess = () => resolve(r.result); });
    const info = { version: db.version, stores: Array.from(db.objectStoreNames), indexes: Array.from(db.transaction('events').objectStore('events').indexNames) };
    db.close();
    return { rows, ...info };
  },
  async put(records) {
    const db = await this.open();
    await new Promise((resolve) => { const tx = db.transaction('events', 'readwrite'); records.forEach((r) => tx.objectStore('events').add(r)); tx.oncomplete = resolve; });
    db.close();
  },
};`;


describe('history on the device (script tag, IndexedDB)', () => {
  let site: Site;
  let browser: Browser;
  useSite((s, b) => ((site = s), (browser = b)));
  const fresh = async () => {
    const context = await browser.newContext();
    await context.addInitScript({ content: RAW });
    return context;
  };

  test('upgrading a v1 database with events in it keeps them (schema migration)', async () => {
    const context = await fresh();
    const page = await context.newPage();
    // a page of the origin without the SDK: make the v1 schema as the first release wrote it, with three events
    await page.route('**/vendor/vitrine.iife.js', (r) => r.fulfill({ body: '' }));
    await page.goto(site.page('no-sdk'));
    await page.evaluate(`(async () => {
      const now = Date.now();
      const db = await __raw.open(1, (db) => { const s = db.createObjectStore('events', { keyPath: 'seq', autoIncrement: true }); s.createIndex('time', 'time'); });
      db.close();
      await __raw.put([{ item: 'a', type: 'view', time: now - 3000 }, { item: 'b', type: 'click', time: now - 2000 }, { item: 'c', type: 'purchase', time: now - 1000 }]);
    })()`);
    await page.unroute('**/vendor/vitrine.iife.js');
    await page.goto(site.page('upgrade'));
    const stats = await ready(page);
    assert.equal(stats.events, 3);
    const raw = (await page.evaluate('__raw.all()')) as { version: number; stores: string[]; indexes: string[]; rows: { item: string }[] };
    assert.equal(raw.version, 2);
    assert.deepEqual(raw.stores.sort(), ['events', 'meta']);
    assert.deepEqual(raw.indexes.sort(), ['item', 'time']);
    assert.deepEqual(raw.rows.map((r) => r.item), ['a', 'b', 'c']);
    await context.close();
  });

  test('a burst of events costs one write transaction; rapid duplicates are coalesced', async () => {
    const context = await fresh();
    await context.addInitScript({
      // write transactions on the history's events (the SDK's other state, the model's files: not counted)
      content: `window.__writes = 0; const t = IDBDatabase.prototype.transaction; IDBDatabase.prototype.transaction = function (names, mode, ...rest) { if (mode === 'readwrite' && [].concat(names).includes('events')) window.__writes++; return t.call(this, names, mode, ...rest); };`,
    });
    const page = await context.newPage();
    await page.goto(site.page('burst'));
    await ready(page);
    await page.evaluate('vitrine.history(1)'); // the history is open (a new visitor's loader opens nothing until needed)
    const result = await page.evaluate(`(async () => {
      const before = window.__writes;
      const calls = [];
      for (let i = 0; i < 20; i++) calls.push(vitrine.track({ item: 'burst-' + i, type: 'view' }));
      calls.push(vitrine.track({ item: 'burst-0', type: 'view' })); // duplicate within the coalescing window
      await Promise.all(calls);
      return { writes: window.__writes - before, events: vitrine.stats().events };
    })()`);
    assert.deepEqual(result, { writes: 1, events: 20 });
    await context.close();
  });

  test('five tabs writing at once lose nothing, keep time order, and tell each other', async () => {
    const context = await fresh();
    const pages = await Promise.all(Array.from({ length: 5 }, () => context.newPage()));
    for (const p of pages) await p.goto(site.page('tabs'));
    await Promise.all(pages.map(ready));
    await pages[0].evaluate(`window.__notified = 0; vitrine.subscribe(() => window.__notified++)`);
    await Promise.all(pages.map((p, t) => p.evaluate(`(async () => { for (let i = 0; i < 40; i++) await vitrine.track({ item: 'tab${t}-' + i, type: 'view' }); })()`)));
    // new visitors: the events wait in each page's outbox until its full SDK takes them (idle time); every tab then counts all
    await Promise.all(pages.map((p) => p.waitForFunction(() => (window as any).vitrine.stats().events === 200)));
    const raw = (await pages[0].evaluate('__raw.all()')) as { rows: { item: string; time: number }[] };
    assert.equal(raw.rows.length, 200, 'every event of every tab is stored');
    const byTime = raw.rows.slice().sort((x, y) => x.time - y.time);
    for (let t = 0; t < 5; t++) {
      const mine = byTime.filter((r) => r.item.startsWith(`tab${t}-`)).map((r) => Number(r.item.split('-')[1]));
      assert.deepEqual(mine, Array.from({ length: 40 }, (_, i) => i), `tab ${t}'s events in time order`);
    }
    await pages[0].waitForFunction(() => (window as any).vitrine.stats().events === 200);
    assert.ok((await pages[0].evaluate('window.__notified')) as number > 0, 'tab 0 heard of the other tabs');
    await context.close();
  });

  test('a tab holding the old schema open does not hang the upgrade: memory fallback, data kept', async () => {
    const context = await fresh();
    const old = await context.newPage();
    await old.route('**/vendor/vitrine.iife.js', (r) => r.fulfill({ body: '' }));
    await old.goto(site.page('old-tab'));
    // an old tab that never closes its connection (ignores versionchange)
    await old.evaluate(`(async () => {
      window.__db = await __raw.open(1, (db) => { const s = db.createObjectStore('events', { keyPath: 'seq', autoIncrement: true }); s.createIndex('time', 'time'); s.add({ item: 'kept', type: 'view', time: Date.now() }); });
    })()`);
    const page = await context.newPage();
    const log = watch(page);
    const start = Date.now();
    await page.goto(site.page('new-tab'));
    const stats = await ready(page);
    assert.ok(Date.now() - start < 10_000, 'did not hang');
    assert.equal(stats.state, 'idle', 'the memory fallback holds no history: nothing loaded');
    assert.equal(log.warnings.length, 1, log.warnings.join('\n'));
    assert.match(log.warnings[0], /memory/);
    await page.evaluate(`vitrine.track({ item: 'x' })`);
    await old.evaluate(`window.__db.close()`);
    const raw = (await old.evaluate('__raw.all()')) as { rows: { item: string }[] };
    assert.deepEqual(raw.rows.map((r) => r.item), ['kept']);
    await context.close();
  });

  test('quota errors prune and retry; damaged records are skipped and counted; future times are clamped', async () => {
    const context = await fresh();
    await context.addInitScript({
      content: `let left = 1; const add = IDBObjectStore.prototype.add; IDBObjectStore.prototype.add = function (...a) { if (this.name === 'events' && left-- > 0) throw new DOMException('test quota', 'QuotaExceededError'); return add.apply(this, a); };`,
    });
    const page = await context.newPage();
    const log = watch(page);
    await page.goto(site.page('hostile'));
    await ready(page);
    await page.evaluate(`vitrine.track({ item: 'after-quota', type: 'view' })`);
    await page.evaluate('vitrine.history(1)'); // the history is open and has taken the event from the outbox
    assert.equal((await page.evaluate('vitrine.stats().events')) as number, 1, 'stored after the retry');
    await page.evaluate(`__raw.put([{ foo: 1 }, { item: 5, type: 'view', time: Date.now() }, { item: 'future', type: 'view', time: Date.now() + 86400000 }])`);
    await page.reload();
    const stats = await ready(page);
    assert.equal(stats.skippedRecords, 2);
    const recent = (await page.evaluate('vitrine.profile().recent')) as { id: string; time: number }[];
    assert.deepEqual(recent.map((r) => r.id).sort(), ['after-quota', 'future']);
    assert.ok(recent.every((r) => r.time <= Date.now()), 'no event from the future');
    assert.deepEqual(log.warnings, []);
    assert.deepEqual(log.errors, []);
    await context.close();
  });

  test('consent: pending keeps events in memory until granted; denied stores nothing', async () => {
    const context = await fresh();
    const page = await context.newPage();
    await page.goto(site.page('consent-pending', { scriptAttrs: { 'data-consent': 'pending' } }));
    await ready(page);
    await clickItems(page, site.products.slice(0, 2).map((p) => p.id));
    await page.waitForFunction(() => (window as any).vitrine.stats().events === 2);
    // the history's database; the model's own ('vitrine-models', the same files for every shopper, kept as the Cache API kept them before) is not about the shopper
    const historyDbs = `indexedDB.databases().then((dbs) => dbs.map((d) => d.name).filter((n) => n !== 'vitrine-models'))`;
    const noDb = await page.evaluate(historyDbs);
    assert.deepEqual(noDb, [], 'nothing written before consent');
    await page.evaluate(`vitrine.consent('granted')`);
    assert.equal(((await page.evaluate('__raw.all()')) as { rows: unknown[] }).rows.length, 2, 'kept on grant');

    const denied = await (await fresh()).newPage();
    await denied.goto(site.page('consent-denied', { scriptAttrs: { 'data-consent': 'denied' } }));
    await ready(denied);
    await clickItems(denied, site.products.slice(0, 2).map((p) => p.id));
    assert.deepEqual(await denied.evaluate(historyDbs), []);
    await denied.reload();
    assert.equal((await ready(denied)).events, 0);

    const gpc = await (await fresh()).newPage();
    await gpc.addInitScript({ content: `Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get() { return true; } });` });
    await gpc.goto(site.page('gpc', { scriptAttrs: { 'data-respect-gpc': '' } }));
    assert.equal((await ready(gpc)).consent, 'denied');
    await context.close();
  });

  test('forget() erases the history in every tab; profile().remove() drops an interest and ranking follows at once', async () => {
    const context = await fresh();
    const a = await context.newPage();
    const b = await context.newPage();
    await a.goto(site.page('forget-a'));
    await b.goto(site.page('forget-b'));
    await Promise.all([ready(a), ready(b)]);
    const phones = site.products.filter((p) => p.category.startsWith(site.products[0].category.split('.').slice(0, 2).join('.')));
    const other = site.products.filter((p) => !phones.includes(p));
    await clickItems(a, [...phones.slice(0, 3), ...other.slice(0, 1)].map((p) => p.id));
    await b.waitForFunction(() => (window as any).vitrine.stats().events === 4);
    const profile = (await a.evaluate('vitrine.profile()')) as { categories: { value: string }[] };
    const top = profile.categories[0].value;
    assert.ok(phones[0].category.startsWith(top), `${top} first`);

    await a.evaluate('vitrine.reorder()');
    const personalised = await gridOrder(a);
    await a.evaluate(`vitrine.profile().remove({ category: ${JSON.stringify(top)} })`);
    assert.ok(!((await a.evaluate('vitrine.profile()')) as { categories: { value: string }[] }).categories.some((c) => c.value === top));
    await a.evaluate('vitrine.reorder()');
    assert.notDeepEqual(await gridOrder(a), personalised, 'the order changed at once');

    await a.evaluate('vitrine.forget()');
    assert.equal((await a.evaluate('vitrine.stats().events')) as number, 0);
    await b.waitForFunction(() => (window as any).vitrine.stats().events === 0);
    assert.equal(((await a.evaluate('__raw.all()')) as { rows: unknown[] }).rows.length, 0);
    await context.close();
  });

  test('the profile widget shows interests, removes one and erases everything, as plain accessible DOM', async () => {
    const context = await fresh();
    const page = await context.newPage();
    const log = watch(page);
    await page.goto(site.page('widget', { extraHtml: '<div id="me" data-vitrine-profile></div>' }));
    await ready(page);
    assert.match((await page.textContent('#me'))!, /Nothing yet/);
    await clickItems(page, site.products.slice(0, 3).map((p) => p.id));
    await page.waitForFunction(() => document.querySelectorAll('#me .vitrine-profile__remove').length > 0);
    assert.equal(await page.getAttribute('#me section', 'aria-label'), 'Your interests on this device');
    const buttons = await page.$$eval('#me button', (els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent));
    assert.ok(buttons.some((b) => /^Remove interest /.test(b!)), buttons.join());
    const before = await page.$$eval('#me .vitrine-profile__remove', (els) => els.length);
    await page.click('#me .vitrine-profile__remove');
    await page.waitForFunction((n) => document.querySelectorAll('#me .vitrine-profile__remove').length < n, before);
    await page.click('#me .vitrine-profile__erase');
    await page.waitForFunction(() => /Nothing yet/.test(document.querySelector('#me')!.textContent!));
    assert.equal((await page.evaluate('vitrine.stats().events')) as number, 0);
    assert.deepEqual(log.errors, []);
    await context.close();
  });
});
