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
  for (const name of ['VitrineProvider', 'usePersonalizedOrder', 'useTrack', 'useVitrine', 'useVitrineStats']) assert.equal(typeof mod[name], 'function', name);

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
    assert.equal(html, '<ul data-state="none" data-instance="no"><li>A</li><li>B</li><li>C</li></ul>');
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
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(touched, [], 'server rendering touched browser globals (an instance was created during SSR?)');
  assert.deepEqual(warnings, ['[vitrine] useTrack() is used outside <VitrineProvider>; events are not recorded']);
});
