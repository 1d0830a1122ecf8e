import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { trapBrowserGlobals } from '../support/globals';

const ROOT = path.resolve(import.meta.dirname, '../..');

test('importing the built ESM entry in Node touches no browser global; an instance is a safe no-op there', async () => {
  const touched = trapBrowserGlobals();
  const mod = await import(pathToFileURL(path.join(ROOT, 'dist/esm/index.mjs')).href);
  assert.deepEqual(touched, [], 'import touched browser globals');
  assert.equal(typeof mod.createVitrine, 'function');
  assert.equal(mod.DEFAULT_OPTIONS.blend, 0.7);

  const warn = console.warn;
  const warnings: string[] = [];
  console.warn = (m: string) => warnings.push(m);
  try {
    const v = mod.createVitrine({ model: '/models/demo/manifest.json' });
    await v.ready();
    assert.equal(v.stats().state, 'failed');
    assert.match(v.stats().reason, /not running in a browser/);
    const items = [{ id: 'a' }, { id: 'b' }];
    await v.track({ item: 'a' });
    const ranked = await v.rank(items);
    assert.deepEqual(ranked, items);
    await v.reorder();
    v.destroy();
  } finally {
    console.warn = warn;
  }
  assert.equal(warnings.length, 1, warnings.join('\n'));
});
