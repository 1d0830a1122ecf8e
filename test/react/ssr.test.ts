import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { trapBrowserGlobals } from '../support/globals';
import { createElement, type ReactElement } from 'react';
import { renderToString } from 'react-dom/server';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Product {
  sku: string;
  category: string;
}
const products: Product[] = [
  { sku: 'A', category: 'electronics.smartphone' },
  { sku: 'B', category: 'appliances.kitchen' },
  { sku: 'C', category: 'computers.notebook' },
];

test('vitrine/react in Node: the import touches no browser global, and server rendering gives the original order without creating an instance', async () => {
  // react and react-dom/server are loaded above, before the traps: only our module is under test here
  const touched = trapBrowserGlobals();
  const mod = await import(pathToFileURL(path.join(ROOT, 'dist/esm/react.mjs')).href);
  assert.deepEqual(touched, [], 'import touched browser globals');
  for (const name of ['VitrineProvider', 'usePersonalizedOrder', 'useTrack', 'useVitrine', 'useVitrineStats', 'useRecommendations']) assert.equal(typeof mod[name], 'function', name);

  const warn = console.warn;
  const warnings: string[] = [];
  console.warn = (m: string) => warnings.push(String(m));
  try {
    let track: ((e: { item: string }) => Promise<void>) | undefined;
    function Grid(): ReactElement {
      const ordered: Product[] = mod.usePersonalizedOrder(products, (p: Product) => p.sku, (p: Product) => ({ category: p.category }));
      const stats = mod.useVitrineStats();
      track = mod.useTrack();
      return createElement('ul', { 'data-state': stats?.state ?? 'none', 'data-instance': mod.useVitrine() ? 'yes' : 'no' }, ordered.map((p) => createElement('li', { key: p.sku }, p.sku)));
    }
    const html = renderToString(createElement(mod.VitrineProvider, { model: '/models/demo/manifest.json', backend: 'wasm' }, createElement(Grid)));
    // the provider's one <style>: the keyframes of the hold (usePersonalizedList), then the list in the page's order
    assert.equal(html, '<style>@keyframes vitrine-hold{from,to{visibility:hidden}}</style><ul data-state="none" data-instance="no"><li>A</li><li>B</li><li>C</li></ul>');
    assert.equal(typeof track, 'function');
    // a track() on the server is buffered by the provider, never thrown
    const pending = track!({ item: 'A' });
    assert.ok(pending instanceof Promise);

    // outside a provider the hooks are inert: original order, no stats, a no-op track
    function Bare(): ReactElement {
      const ordered: Product[] = mod.usePersonalizedOrder(products, (p: Product) => p.sku);
      void mod.useTrack()({ item: 'A' });
      return createElement('p', null, ordered.map((p) => p.sku).join(','), mod.useVitrineStats() === null ? ' no stats' : ' stats');
    }
    assert.equal(renderToString(createElement(Bare)), '<p>A,B,C<!-- --> no stats</p>');

    // recommendations are the client's: nothing on the server, inside a provider or not
    function Row(): ReactElement {
      const r = mod.useRecommendations({ kind: 'for-you', k: 4 });
      return createElement('p', null, `${r.status}:${r.items.length}`);
    }
    assert.ok(renderToString(createElement(mod.VitrineProvider, { model: '/models/demo/manifest.json' }, createElement(Row))).endsWith('<p>pending:0</p>'));
    assert.equal(renderToString(createElement(Row)), '<p>pending:0</p>');
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(touched, [], 'server rendering touched browser globals (an instance was created during SSR?)');
  assert.deepEqual(warnings, ['[vitrine] useTrack() is used outside <VitrineProvider>; events are not recorded']);
});

test('usePersonalizedList on the server: the page order, pending, held by the CSS animation (shown by the browser itself when the budget ends); outside a provider: page, never held', async () => {
  const mod = await import(pathToFileURL(path.join(ROOT, 'dist/esm/react.mjs')).href);
  function List({ hold }: { hold?: number | boolean }): ReactElement {
    const list = mod.usePersonalizedList(products, (p: Product) => p.sku, { hold, attrs: (p: Product) => ({ category: p.category }) });
    const { ref: _ref, ...props } = list.listProps;
    return createElement('ul', { ...props, 'data-settled': String(list.settled) }, list.items.map((p: Product) => createElement('li', { key: p.sku }, p.sku)));
  }
  const inProvider = (el: ReactElement, props: Record<string, unknown> = {}) => renderToString(createElement(mod.VitrineProvider, { model: '/models/base/manifest.json', ...props }, el)).replace(/^<style>[^<]*<\/style>/, '');
  assert.equal(inProvider(createElement(List, { hold: 200 })), '<ul style="animation:vitrine-hold 200ms" data-vitrine-list="pending" data-settled="false"><li>A</li><li>B</li><li>C</li></ul>');
  assert.equal(inProvider(createElement(List, { hold: true }), { antiFlicker: 90 }), '<ul style="animation:vitrine-hold 90ms" data-vitrine-list="pending" data-settled="false"><li>A</li><li>B</li><li>C</li></ul>', 'hold: true is the antiFlicker budget');
  assert.equal(inProvider(createElement(List)), '<ul data-vitrine-list="pending" data-settled="false"><li>A</li><li>B</li><li>C</li></ul>', 'no hold: never hidden');
  assert.equal(renderToString(createElement(List, { hold: 200 })), '<ul data-vitrine-list="page" data-settled="true"><li>A</li><li>B</li><li>C</li></ul>', 'outside a provider nothing will reorder it');
});
