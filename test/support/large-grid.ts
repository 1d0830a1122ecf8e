import type { Browser, Page } from 'playwright-core';

/**
 * Large product grids for the browser test and the bench (test/browser/large-grid.test.ts,
 * bench/large-grid.ts): synthetic items with the attributes a store sets, a light card
 * (no pictures) so the page itself stays cheap, and a probe that records what the page
 * sees — long tasks, and how long the grids stay hidden, frame by frame.
 */

export interface LargeGridOptions {
  /** Items in the grid. */
  n: number;
  /** Every k-th item pinned (0: none). */
  pinEvery?: number;
  /** Every k-th item out of stock (0: none). */
  oosEvery?: number;
  /** Extra script-tag attributes (data-max-displacement, data-diversity, data-reorder...). */
  scriptAttrs?: Record<string, string>;
  /** CSS display of the grid ('grid' by default; css-order needs flex or grid). */
  display?: string;
  /** Markup before the grid (e.g. a tall spacer). */
  before?: string;
}

const CATEGORIES = ['electronics.smartphone', 'electronics.audio.headphone', 'appliances.kitchen.kettle', 'computers.notebook', 'apparel.shoes.running', 'furniture.living_room.sofa', 'electronics.video.tv', 'appliances.environment.vacuum'];
const BRANDS = ['acme', 'zenith', 'orbit', 'nova', 'kite', 'lumen', 'pico', 'vela', 'terra', 'quill', 'sol'];
const WORDS = ['classic', 'pro', 'mini', 'max', 'lite', 'plus', 'air', 'ultra', 'eco', 'studio', 'sport', 'home'];

export interface GridItem {
  id: string;
  title: string;
  category: string;
  brand: string;
  price: number;
  pinned: boolean;
  oos: boolean;
}

/** The items of a synthetic grid (deterministic). Ids start at `from` (appended batches). */
export function largeGridItems(n: number, o: { pinEvery?: number; oosEvery?: number; from?: number } = {}): GridItem[] {
  const from = o.from ?? 0;
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const category = CATEGORIES[(i * 7 + (i >> 3)) % CATEGORIES.length];
    const brand = BRANDS[(i * 5 + (i >> 2)) % BRANDS.length];
    return {
      id: `SKU-${i}`,
      title: `${brand} ${WORDS[i % WORDS.length]} ${WORDS[(i >> 2) % WORDS.length]} ${category.split('.').pop()}`,
      category,
      brand,
      price: Math.round((5 + ((i * 37) % 400) + (i % 7) * 0.25) * 100) / 100,
      pinned: !!o.pinEvery && i % o.pinEvery === o.pinEvery - 1,
      oos: !!o.oosEvery && i % o.oosEvery === 3 % o.oosEvery,
    };
  });
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** One card's markup. */
export function gridItemHtml(p: GridItem): string {
  return `<li data-vitrine-item="${esc(p.id)}" data-vitrine-title="${esc(p.title)}" data-vitrine-category="${esc(p.category)}" data-vitrine-brand="${esc(p.brand)}" data-vitrine-price="${p.price}"${p.pinned ? ' data-vitrine-pin' : ''}${p.oos ? ' data-vitrine-oos' : ''}><button type="button">${esc(p.title)}</button></li>`;
}

/**
 * Records, from the page's first script on: `__longTasks` ({ start, duration } of the
 * long tasks the Long Tasks API reports), and `__hidden` (spans during which a grid was
 * hidden, as seen by a requestAnimationFrame probe: from the start of the first frame
 * hidden to the start of the first frame visible again).
 */
export const PAGE_PROBE = `
window.__longTasks = [];
try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push({ start: Math.round(e.startTime), duration: Math.round(e.duration) }); }).observe({ type: 'longtask', buffered: true }); } catch {}
window.__hidden = [];
(function probe() {
  let since = null;
  // the frame's start time: a frame that shows the grid began then (its own style and layout work is a long task of its own)
  const frame = (now) => {
    const grids = document.querySelectorAll('[data-vitrine-grid]');
    let hidden = false;
    for (const g of grids) if (getComputedStyle(g).visibility === 'hidden') { hidden = true; break; }
    if (hidden && since === null) since = now;
    if (!hidden && since !== null) { window.__hidden.push({ start: Math.round(since), ms: Math.round(now - since) }); since = null; }
    window.__hiddenNow = since === null ? 0 : Math.round(now - since);
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();`;

/** A store page holding one large grid and the SDK's script tag. */
export function renderLargeGridPage(o: LargeGridOptions & { title: string; scriptSrc: string; model: string }): string {
  const attrs = Object.entries(o.scriptAttrs ?? {})
    .map(([k, v]) => ` ${k}="${esc(v)}"`)
    .join('');
  const cards = largeGridItems(o.n, o).map(gridItemHtml).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${esc(o.title)}</title>
  <link rel="icon" href="data:,">
  <style>
    body { font: 14px/1.3 system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 8px; }
    [data-vitrine-grid] { list-style: none; padding: 0; display: ${o.display ?? 'grid'}; flex-wrap: wrap; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 6px; }
    [data-vitrine-grid] > li { min-width: 160px; } [data-vitrine-grid] button { all: unset; display: block; border: 1px solid #ddd; padding: 4px; cursor: pointer; }
  </style>
  <script src="${esc(o.scriptSrc)}" data-model="${esc(o.model)}"${attrs} defer></script>
</head>
<body>
  ${o.before ?? ''}
  <ul data-vitrine-grid>
${cards}
  </ul>
</body>
</html>
`;
}

/**
 * A returning shopper on a grid page: a first visit with four clicks on items (SKU-1, -9,
 * -17, -25), the page left open for a reload. `probe` adds PAGE_PROBE to every load;
 * `blur` moves focus out of the grid after the clicks (as after a navigation).
 */
export async function returningShopper(browser: Browser, url: string, o: { probe?: boolean; blur?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  if (o.probe !== false) await context.addInitScript({ content: PAGE_PROBE });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => (window as any).vitrine?.firstReorder?.(), null, { timeout: 120_000 });
  for (const id of ['SKU-1', 'SKU-9', 'SKU-17', 'SKU-25']) await page.click(`[data-vitrine-item="${id}"] button`);
  await page.waitForFunction(() => (window as any).vitrine.stats().events === 4);
  // the full SDK and the model load in idle time after the first click
  await page.waitForFunction(() => (window as any).vitrine.stats().state === 'ready');
  if (o.blur) await page.mouse.click(2, 2);
  return page;
}
