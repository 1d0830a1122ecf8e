import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { startServer, type StaticServer } from '../support/server';
import { renderStorePage, type StorePageOptions } from '../../demo/page';
import { pickProducts, type DemoProduct } from '../../demo/products';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const MODEL = '/models/demo/manifest.json';

for (const need of ['dist/browser/vitrine.iife.js', 'dist/browser/vitrine-ml.mjs', 'models/demo/manifest.json']) {
  if (!existsSync(path.join(ROOT, need))) throw new Error(`browser tests need ${need}: run \`npm run build\` first (npm test does)`);
}

/** A served test site: the built SDK at /vendor/, the shipped models at /models/, generated pages at /pages/, hand-written ones at /fixtures/. */
export interface Site {
  server: StaticServer;
  products: DemoProduct[];
  /** Writes a store page (served with `headers`, if any) and returns its URL. */
  page(name: string, options?: Partial<StorePageOptions>, headers?: Record<string, string>): string;
  /** Writes a page of hand-made markup (a theme fixture) and returns its URL. */
  html(name: string, html: string): string;
}

export async function startSite(): Promise<Site> {
  const pages = mkdtempSync(path.join(tmpdir(), 'vitrine-pages-'));
  const server = await startServer({ '/vendor/': path.join(ROOT, 'dist/browser'), '/models/': path.join(ROOT, 'models'), '/pages/': pages, '/fixtures/': path.join(ROOT, 'test/fixtures') });
  const products = await pickProducts(path.join(ROOT, 'data/rees46/events-2019-10-01.csv'), 4, 6);
  return {
    server,
    products,
    page(name, options = {}, headers) {
      writeFileSync(path.join(pages, `${name}.html`), renderStorePage({ title: name, scriptSrc: '/vendor/vitrine.iife.js', model: MODEL, products, ...options }));
      if (headers) writeFileSync(path.join(pages, `${name}.html.headers.json`), JSON.stringify(headers));
      return `${server.url}/pages/${name}.html`;
    },
    html(name, html) {
      writeFileSync(path.join(pages, `${name}.html`), html);
      return `${server.url}/pages/${name}.html`;
    },
  };
}

/** Console messages and page errors of a page, to assert "zero errors" and "one warning". */
export interface PageLog {
  errors: string[];
  /** Warnings the SDK logged ("[vitrine] ..."). Chromium's own (e.g. "No available adapters." when a WebGPU probe finds none) are left out. */
  warnings: string[];
}

export function watch(page: Page): PageLog {
  const log: PageLog = { errors: [], warnings: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') log.errors.push(m.text());
    if (m.type() === 'warning' && m.text().startsWith('[vitrine]')) log.warnings.push(m.text());
  });
  page.on('pageerror', (e) => log.errors.push(`pageerror: ${e.message}`));
  return log;
}

/**
 * Waits for the script-tag instance to be ready and returns its stats. Polls a flag set by
 * ready()'s callback rather than awaiting ready() inside evaluate(): CDP can report a long
 * pending evaluate() promise as "garbage collected" on a busy page, though in-page callbacks fire.
 */
export async function ready(page: Page): Promise<Record<string, unknown>> {
  await page.waitForFunction(() => (window as any).vitrine && typeof (window as any).vitrine.ready === 'function');
  await page.evaluate(() => {
    (window as any).vitrine.ready().then(() => ((window as any).__vitrineReady = true));
  });
  await page.waitForFunction(() => (window as any).__vitrineReady === true);
  return page.evaluate(() => (window as any).vitrine.stats());
}

/** Item ids of the first grid, in DOM order. */
export const gridOrder = (page: Page): Promise<string[]> =>
  page.$$eval('[data-vitrine-grid] > [data-vitrine-item]', (els) => els.map((e) => (e as HTMLElement).dataset.vitrineItem!));

export async function withBrowser(fn: (browser: Browser) => Promise<void>, opts: { webgpu?: boolean } = {}): Promise<void> {
  const browser = await launchBrowser(opts);
  try {
    await fn(browser);
  } finally {
    await browser.close();
  }
}

/**
 * A script (a string: it runs in the page, as an init script or inline at the top of `<head>`) that
 * records the item ids of the first grid as the shopper first sees them, checked once per frame
 * (requestAnimationFrame, computed visibility):
 * - `window.__firstVisibleOrder`: at the first frame the grid is visible after parsing;
 * - `window.__firstFrameOrder`: at the first frame the grid is visible at all, parsing or not
 *   (a grid painted while the page is still loading is seen too).
 */
export const FIRST_VISIBLE_PROBE = `
window.__firstVisibleOrder = null;
window.__firstFrameOrder = null;
(function poll() {
  const grid = document.querySelector('[data-vitrine-grid]');
  if (grid && getComputedStyle(grid).visibility === 'visible') {
    const order = Array.from(grid.children, (e) => e.dataset.vitrineItem);
    if (!window.__firstFrameOrder) window.__firstFrameOrder = order;
    if (document.readyState !== 'loading') {
      window.__firstVisibleOrder = order;
      return;
    }
  }
  requestAnimationFrame(poll);
})();`;

export type { Browser, BrowserContext, Page };

/**
 * Starts the test site and a browser before the tests of the calling file (or suite) and
 * closes them after; `use` receives them.
 */
export function useSite(use: (site: Site, browser: Browser) => void, opts: { webgpu?: boolean } = {}): void {
  let site: Site | undefined;
  let browser: Browser | undefined;
  before(async () => {
    site = await startSite();
    browser = await launchBrowser(opts);
    use(site, browser);
  });
  after(async () => {
    await browser?.close();
    await site?.server.close();
  });
}

/** Clicks items of the first grid by id (their button). */
export async function clickItems(page: Page, ids: readonly string[]): Promise<void> {
  for (const id of ids) await page.click(`[data-vitrine-item="${id}"] button`);
}
