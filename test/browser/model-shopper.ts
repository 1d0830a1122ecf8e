/**
 * One shopper's browser for the model storage tests (model-cache.test.ts, model-store.test.ts):
 * a context (its IndexedDB, Cache API, localStorage), the fake model server it talks to
 * (model-host.ts), and page views at chosen times (Playwright's clock: a day apart is beyond any
 * modelMaxAge, a minute apart within the default).
 */
import { after, before } from 'node:test';
import type { Browser, BrowserContext, Page, PageLog, Site } from './harness';
import { ready, useSite, watch } from './harness';
import { hostModel, startSocketServer, type Folder, type ModelHost, type Request, type SocketServer } from './model-host';

export const MIN = 60_000;
export const DAY = 24 * 60 * MIN;

export type Stats = Record<string, any>;

export interface View {
  page: Page;
  log: PageLog;
  stats: Stats;
  /** Requests for /m/ made since this view began. */
  requests(): Request[];
}

export interface Shopper {
  context: BrowserContext;
  host: ModelHost;
  view(at: number, scriptAttrs?: Record<string, string>): Promise<View>;
  close(): Promise<void>;
}

export interface ShopperEnv {
  browser: Browser;
  site: Site;
  sockets: SocketServer;
}

export async function openShopper(env: ShopperEnv, deployed: Folder, name: string): Promise<Shopper> {
  const context = await env.browser.newContext();
  const host = await hostModel(context, deployed, env.sockets);
  const t0 = Date.now();
  let current: Page | undefined;
  return {
    context,
    host,
    async view(at, scriptAttrs = {}) {
      await current?.close();
      const page = (current = await context.newPage());
      await page.clock.setFixedTime(t0 + at);
      const log = watch(page);
      const mark = host.requests.length;
      // about the model's storage, not the loading policy: the model loads on every view, history or not
      await page.goto(env.site.page(name, { model: host.manifest, scriptAttrs: { 'data-preload': '', ...scriptAttrs } }));
      const stats = await ready(page);
      return { page, log, stats, requests: () => host.requests.slice(mark) };
    },
    close: () => context.close(),
  };
}

/** Starts the test site, a browser and the socket server for the calling file's tests; `env` holds them once they run. */
export function useShopperEnv(): { readonly env: ShopperEnv; shopper(deployed: Folder, name: string): Promise<Shopper> } {
  let site: Site;
  let browser: Browser;
  let sockets: SocketServer;
  useSite((s, b) => ((site = s), (browser = b)));
  before(async () => (sockets = await startSocketServer()));
  after(() => sockets.close());
  const out = {
    get env(): ShopperEnv {
      return { browser, site, sockets };
    },
    shopper: (deployed: Folder, name: string) => openShopper(out.env, deployed, name),
  };
  return out;
}

/** Waits for this page view's background check of the manifest to end and returns `stats().modelUpdate`. */
export async function update(view: View): Promise<{ status: string; reason: string | null } | null | undefined> {
  await view.page.waitForFunction(() => (window as any).vitrine.stats().modelUpdate?.status !== 'checking', null, { timeout: 20_000 });
  return view.page.evaluate(() => (window as any).vitrine.stats().modelUpdate);
}

/**
 * SHA-256 (hex) of every model file body the page's origin stores: IndexedDB's `vitrine-models`
 * database and every Cache API cache (its file entries: keys with `?vitrine-sha256=`). (A string: tsx's name helpers do not exist in the page.)
 */
export const storedDigests = (page: Page): Promise<string[]> =>
  page.evaluate(`(async () => {
    const hex = async (buffer) => Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', buffer)), (x) => x.toString(16).padStart(2, '0')).join('');
    const out = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const key of await cache.keys()) if (/[?]vitrine-sha256=/.test(key.url)) out.push(await hex(await (await cache.match(key)).arrayBuffer()));
    }
    const db = await new Promise((resolve, reject) => { const r = indexedDB.open('vitrine-models'); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    if (db.objectStoreNames.contains('files')) {
      const records = await new Promise((resolve) => { const r = db.transaction('files').objectStore('files').getAll(); r.onsuccess = () => resolve(r.result); });
      for (const record of records) out.push(await hex(record.data));
    }
    db.close();
    return out;
  })()`);
