import { hash32 } from '../src/features/hash';
import type { DemoProduct } from './products';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A drawn placeholder picture for a product: colour from its category, a simple shape, its brand's initial. No network. */
function picture(p: DemoProduct): string {
  const top = p.category.split('.')[0];
  const hue = hash32(p.category.split('.').slice(0, 2).join('.')) % 360;
  const shape = hash32(top) % 3;
  const figure =
    shape === 0 ? '<circle cx="60" cy="44" r="24" fill="#fff8"/>' : shape === 1 ? '<rect x="36" y="22" width="48" height="44" rx="8" fill="#fff8"/>' : '<path d="M60 18 88 66H32z" fill="#fff8"/>';
  return `<svg viewBox="0 0 120 90" role="img" aria-label="${esc(p.name)}"><rect width="120" height="90" fill="hsl(${hue} 55% 55%)"/>${figure}<text x="60" y="52" text-anchor="middle" font-size="18" font-family="system-ui" fill="#333">${esc(p.brand[0].toUpperCase())}</text></svg>`;
}

export interface StorePageOptions {
  title: string;
  scriptSrc: string;
  /** data-model; empty: none (the script's default, the base model beside it). */
  model: string;
  products: DemoProduct[];
  /** Index of a product shown pinned ("featured"). */
  pinned?: number;
  /** Extra script-tag attributes (data-debug, data-backend...). */
  scriptAttrs?: Record<string, string>;
  /** Demo chrome (explanations, stats, buttons, the profile widget); off for test pages. */
  chrome?: boolean;
  /** Extra markup before the grid (test pages). */
  extraHtml?: string;
  /** Markup at the start of `<head>` (after the charset), before any other script runs (test probes). */
  headHtml?: string;
  /**
   * Where the SDK's script tag goes: `'head'` (default, the README's snippet), a classic script in
   * `<head>`, so a returning shopper's grids are ordered as they are parsed, before they paint, in every
   * engine; `'defer'`, the older snippet at the end of `<body>` with `defer` (engines may paint first).
   */
  placement?: 'head' | 'defer';
}

/** A plain HTML storefront using only the script tag and data attributes, as any store would. */
export function renderStorePage(o: StorePageOptions): string {
  const attrs = Object.entries(o.scriptAttrs ?? {})
    .map(([k, v]) => ` ${k}="${esc(v)}"`)
    .join('');
  const inHead = o.placement !== 'defer';
  const script = `<script src="${esc(o.scriptSrc)}"${o.model ? ` data-model="${esc(o.model)}"` : ''}${attrs}${inHead ? '' : ' defer'}></script>`;
  const cards = o.products
    .map(
      (p, i) => `    <li data-vitrine-item="${esc(p.id)}" data-vitrine-category="${esc(p.category)}" data-vitrine-brand="${esc(p.brand)}" data-vitrine-price="${p.price}"${i === o.pinned ? ' data-vitrine-pin' : ''}>
      <button type="button">${picture(p)}<span class="name">${esc(p.name)}</span><span class="meta">${esc(p.category)} · ${p.price.toFixed(2)}</span>${i === o.pinned ? '<span class="pin">Featured (pinned)</span>' : ''}</button>
    </li>`,
    )
    .join('\n');
  const chrome = o.chrome
    ? `<section class="panel">
    <p><strong>Click a few products of one category</strong>, then press <em>Re-rank</em> or reload: that category moves up.
    Everything happens in this browser: history in IndexedDB, the model run by TensorFlow.js.</p>
    <p><button type="button" id="rerank">Re-rank</button> <button type="button" id="restore">Page order</button> <button type="button" id="forget">Erase my history</button></p>
    <pre id="stats" aria-live="polite">loading…</pre>
    <div data-vitrine-profile></div>
  </section>
  <script>
    const show = () => { const v = window.vitrine; if (v && v.stats) document.getElementById('stats').textContent = JSON.stringify(v.stats(), null, 1); };
    // the first cards say why they are there (vitrine.explain)
    const explainTop = async () => {
      document.querySelectorAll('.why').forEach((el) => el.remove());
      const cards = Array.from(document.querySelectorAll('[data-vitrine-grid] > [data-vitrine-item]')).slice(0, 6);
      for (const card of cards) {
        const ex = await vitrine.explain(card.dataset.vitrineItem);
        if (!ex.text) continue;
        const why = document.createElement('span');
        why.className = 'why';
        why.textContent = ex.text;
        card.querySelector('button').append(why);
      }
    };
    document.getElementById('rerank').onclick = async () => { await vitrine.reorder(); await explainTop(); show(); };
    // once the automatic first reorder has settled, explain the top cards
    const afterFirst = () => (window.vitrine.firstReorder && window.vitrine.firstReorder() ? explainTop() : setTimeout(afterFirst, 50));
    window.addEventListener('load', afterFirst);
    document.getElementById('restore').onclick = () => { vitrine.restore(); document.querySelectorAll('.why').forEach((el) => el.remove()); };
    document.getElementById('forget').onclick = async () => { await vitrine.forget(); vitrine.restore(); document.querySelectorAll('.why').forEach((el) => el.remove()); show(); };
    document.addEventListener('click', (e) => { if (e.target.closest('[data-vitrine-item]')) setTimeout(show, 50); });
    window.vitrine = window.vitrine || [];
    vitrine.push(['ready']);
    setInterval(show, 1000);
  </script>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  ${o.headHtml ?? ''}
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${esc(o.title)}</title>
  <link rel="icon" href="data:,">
  <style>
    body { font: 15px/1.4 system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 16px; color: #222; }
    ul[data-vitrine-grid] { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 12px; }
    [data-vitrine-grid] > li > button { all: unset; box-sizing: border-box; display: block; width: 100%; cursor: pointer; border: 1px solid #ddd; border-radius: 8px; padding: 8px; background: #fff; }
    [data-vitrine-grid] > li > button:focus-visible { outline: 3px solid #2a6df4; }
    .vitrine-profile__title { font-size: 16px; } .vitrine-profile__group { font-size: 13px; margin: 8px 0 4px; }
    .vitrine-profile__interests { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 6px; }
    .vitrine-profile__interest { background: #fff; border: 1px solid #ddd; border-radius: 999px; padding: 2px 4px 2px 10px; font-size: 13px; }
    .vitrine-profile__share { color: #666; } .vitrine-profile__remove { font-size: 11px; }
    svg { width: 100%; border-radius: 6px; display: block; }
    .name { display: block; font-weight: 600; margin-top: 6px; } .meta { display: block; color: #666; font-size: 12px; }
    .pin { display: inline-block; margin-top: 4px; font-size: 11px; background: #ffe08a; border-radius: 4px; padding: 0 4px; }
    .why { display: block; margin-top: 4px; font-size: 11px; color: #2a6df4; }
    .panel { background: #f5f7fb; border-radius: 8px; padding: 8px 16px; } pre { font-size: 12px; }
  </style>
  ${inHead ? script : ''}
</head>
<body>
  <h1>${esc(o.title)}</h1>
  ${chrome}
  ${o.extraHtml ?? ''}
  <ul data-vitrine-grid>
${cards}
  </ul>
  ${inHead ? '' : script}
</body>
</html>
`;
}
