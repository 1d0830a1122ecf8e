/**
 * The vitals storefront: one page template for every cell of the bench, and the one place
 * where the Vitrine snippet (its script tag) is written, per placement. "Without Vitrine" is
 * the same page with no snippet. Cards carry real products (the demo catalog, from the
 * REES46 log) with a picture each, sized by width/height so nothing shifts as they load.
 */
import type { DemoProduct } from '../../demo/products';
import { IMAGE_HEIGHT, IMAGE_WIDTH } from './images';

/** Where the script tag goes, and how it is loaded. */
export const PLACEMENTS = {
  /** In `<head>`, parser-blocking: runs before any of the body is parsed. */
  'head-sync': { where: 'head', attrs: '' },
  /** In `<head>`, fetched in parallel; the page does not render until it ran (Chromium 105+). */
  'head-async-render': { where: 'head', attrs: ' async blocking="render"' },
  /** In `<head>`, deferred: runs once the document is parsed (what README's snippet says). */
  'head-defer': { where: 'head', attrs: ' defer' },
  /** At the end of `<body>`, deferred (the demo's markup). */
  'body-defer': { where: 'body', attrs: ' defer' },
  /**
   * `head-sync` on a page whose images keep the `loading`/`fetchpriority` the page rendered
   * (a page script ignores changes to them): the SDK as it was before its images followed
   * their positions (issue 19), to measure what that step does to LCP.
   */
  'head-sync-pinned-images': { where: 'head', attrs: '', pinImages: true },
} as const;

/** Runs before the SDK: img `loading`/`fetchpriority` keep what the page rendered. */
export const PIN_IMAGES = `(() => {
    const img = HTMLImageElement.prototype, set = Element.prototype.setAttribute, remove = Element.prototype.removeAttribute;
    const pinned = (n) => /^(loading|fetchpriority)$/i.test(n);
    img.setAttribute = function (n, v) { if (!pinned(n)) set.call(this, n, v); };
    img.removeAttribute = function (n) { if (!pinned(n)) remove.call(this, n); };
  })();`;

export type Placement = keyof typeof PLACEMENTS;
/** A page variant: without Vitrine, or with its snippet at one placement. */
export type Variant = 'none' | Placement;

export interface VitalsPageOptions {
  products: readonly DemoProduct[];
  variant: Variant;
  /** The SDK's loader URL and the model's manifest URL. */
  scriptSrc: string;
  model: string;
  /** The in-page probe's source, as the page's first script (before any other), or none. */
  probe?: string;
  /** Cards whose picture loads eagerly (the first rows); the rest use loading="lazy". */
  eager?: number;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The Vitrine snippet for a placement ('' without Vitrine). */
export function snippet(variant: Variant, scriptSrc: string, model: string): string {
  if (variant === 'none') return '';
  return `<script src="${esc(scriptSrc)}" data-model="${esc(model)}"${PLACEMENTS[variant].attrs}></script>`;
}

/** The URL of a product's picture on the bench server. */
export const imageUrl = (p: DemoProduct) => `/img/${encodeURIComponent(p.id)}.png`;

function card(p: DemoProduct, i: number, eager: number): string {
  const label = `${p.name}, ${p.price.toFixed(2)}`;
  const loading = i < eager ? (i === 0 ? ' fetchpriority="high"' : '') : ' loading="lazy"';
  return `<li data-vitrine-item="${esc(p.id)}" data-vitrine-title="${esc(p.name)}" data-vitrine-category="${esc(p.category)}" data-vitrine-brand="${esc(p.brand)}" data-vitrine-price="${p.price}">
      <button type="button" class="card" aria-label="${esc(label)}"><img src="${imageUrl(p)}" width="${IMAGE_WIDTH}" height="${IMAGE_HEIGHT}" alt="" decoding="async"${loading}><span class="name">${esc(p.name)}</span><span class="cat">${esc(p.category.split('.').join(' › '))}</span><span class="price">€${p.price.toFixed(2)}</span></button>
    </li>`;
}

/** The whole page. */
export function renderVitalsPage(o: VitalsPageOptions): string {
  const tag = snippet(o.variant, o.scriptSrc, o.model);
  const where = o.variant === 'none' ? null : PLACEMENTS[o.variant].where;
  const pin = o.variant !== 'none' && 'pinImages' in PLACEMENTS[o.variant];
  const cards = o.products.map((p, i) => card(p, i, o.eager ?? 4)).join('\n    ');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Shop: ${o.products.length} products</title>
  <link rel="icon" href="data:,">
  ${o.probe ? `<script>${o.probe}</script>` : ''}
  ${pin ? `<script>${PIN_IMAGES}</script>` : ''}
  <style>
    * { box-sizing: border-box; }
    body { font: 15px/1.4 system-ui, sans-serif; margin: 0; color: #222; background: #fafafa; }
    header { display: flex; justify-content: space-between; align-items: center; padding: 12px 16px; background: #1d2b44; color: #fff; }
    header .logo { font-weight: 700; font-size: 20px; letter-spacing: .02em; } header .basket { font-size: 14px; }
    main { max-width: 1200px; margin: 0 auto; padding: 0 12px 24px; } h1 { font-size: 22px; margin: 16px 4px 4px; } .count { color: #666; margin: 0 4px 12px; font-size: 13px; }
    ul[data-vitrine-grid] { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px; }
    .card { all: unset; box-sizing: border-box; display: block; width: 100%; cursor: pointer; border: 1px solid #e3e3e3; border-radius: 8px; padding: 8px; background: #fff; }
    .card:focus-visible { outline: 3px solid #2a6df4; } .card[aria-pressed="true"] { border-color: #2a6df4; }
    .card img { display: block; width: 100%; height: auto; border-radius: 6px; background: #eee; }
    .name { display: block; font-weight: 600; margin-top: 6px; } .cat { display: block; color: #777; font-size: 12px; } .price { display: block; margin-top: 2px; font-weight: 600; color: #0a6b3d; }
  </style>
  ${where === 'head' ? tag : ''}
</head>
<body>
  <header><span class="logo">Vitrine Outlet</span><span class="basket" aria-live="polite">Basket: <b id="basket">0</b></span></header>
  <main>
    <h1>Popular right now</h1>
    <p class="count">${o.products.length} products</p>
    <ul data-vitrine-grid>
    ${cards}
    </ul>
  </main>
  <script>
    // the store's own script: a tap on a card adds it to the basket
    document.querySelector('[data-vitrine-grid]').addEventListener('click', (e) => {
      const card = e.target.closest('.card');
      if (!card) return;
      card.setAttribute('aria-pressed', 'true');
      const n = document.getElementById('basket');
      n.textContent = String(Number(n.textContent) + 1);
    });
  </script>
  ${where === 'body' ? tag : ''}
</body>
</html>
`;
}
