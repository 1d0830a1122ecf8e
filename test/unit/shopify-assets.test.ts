import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { modelAssets, sdkAssets } from '../../cli/shopify/assets';
import { checkManifest } from '../../src/model/format';
import { fromBase64Json } from '../../src/model/verify';

const ROOT = path.resolve(import.meta.dirname, '../..');

test('sdk assets: .mjs become .js, every reference between them renamed with one version, maps and wasm left out', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vitrine-sdk-'));
  writeFileSync(path.join(dir, 'vitrine.iife.js'), 'x("vitrine-full.mjs");y("vitrine-ml.mjs");z("other.mjs")\n//# sourceMappingURL=vitrine.iife.js.map\n');
  writeFileSync(path.join(dir, 'vitrine-full.mjs'), 'export const a = 1;\n//# sourceMappingURL=vitrine-full.mjs.map\n');
  writeFileSync(path.join(dir, 'vitrine-ml.mjs'), 'import("./vitrine-ml-tfjs-AB12.mjs");\n');
  writeFileSync(path.join(dir, 'vitrine-ml-tfjs-AB12.mjs'), 'import { b } from "./vitrine-ml.mjs";\n');
  writeFileSync(path.join(dir, 'vitrine-full.mjs.map'), '{}');
  writeFileSync(path.join(dir, 'tfjs-backend-wasm.wasm'), 'wasm');
  const files = new Map(sdkAssets(dir).map((f) => [f.name, f.data.toString('utf8')]));
  assert.deepEqual([...files.keys()].sort(), ['vitrine-full.js', 'vitrine-ml-tfjs-AB12.js', 'vitrine-ml.js', 'vitrine.js']);
  const v = /vitrine-full\.js\?v=(\w+)/.exec(files.get('vitrine.js')!)![1];
  assert.equal(files.get('vitrine.js'), `x("vitrine-full.js?v=${v}");y("vitrine-ml.js?v=${v}");z("other.mjs")\n`);
  assert.equal(files.get('vitrine-ml.js'), `import("./vitrine-ml-tfjs-AB12.js?v=${v}");\n`);
  assert.equal(files.get('vitrine-ml-tfjs-AB12.js'), `import { b } from "./vitrine-ml.js?v=${v}";\n`);
  assert.ok(!files.get('vitrine-full.js')!.includes('sourceMappingURL'));
  // another build: another version
  writeFileSync(path.join(dir, 'vitrine-full.mjs'), 'export const a = 2;\n');
  assert.ok(!sdkAssets(dir).find((f) => f.name === 'vitrine.js')!.data.toString().includes(v));
});

for (const model of ['models/base', 'models/demo']) {
  test(`model assets (${model}): flat, .json only, named by digest, a valid manifest whose files decode to the model's own bytes`, () => {
    const dir = path.join(ROOT, model);
    const { files, integrity } = modelAssets(dir);
    const byName = new Map(files.map((f) => [f.name, f.data]));
    assert.ok(files.every((f) => /^vitrine-model(-[0-9a-f]{16})?\.json$/.test(f.name)), files.map((f) => f.name).join());
    const manifestBytes = byName.get('vitrine-model.json')!;
    assert.equal(integrity, `sha256-${createHash('sha256').update(manifestBytes).digest('base64')}`);
    const checked = checkManifest(JSON.parse(manifestBytes.toString('utf8')));
    assert.ok(checked.ok, checked.ok ? '' : checked.reason);
    const m = checked.value;
    const original = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
    assert.equal(m.files.length, original.files.length);
    for (const f of m.files) {
      const data = byName.get(f.path)!;
      assert.equal(data.length, f.bytes);
      assert.equal(createHash('sha256').update(data).digest('hex'), f.sha256);
    }
    // the weights: model.json names the renamed binary, which decodes to weights.bin exactly
    const weights = JSON.parse(byName.get(m.weights)!.toString('utf8')) as { weightsManifest: { paths: string[] }[] };
    const bin = weights.weightsManifest[0].paths[0];
    assert.equal(m.files.find((f) => f.path === bin)?.encoding, 'base64');
    const encoded = byName.get(bin)!;
    const decoded = Buffer.from(fromBase64Json(encoded.buffer.slice(encoded.byteOffset, encoded.byteOffset + encoded.length) as ArrayBuffer));
    assert.ok(decoded.equals(readFileSync(path.join(dir, 'weights.bin'))));
    if (m.itemToItem) assert.ok(byName.get(m.itemToItem)!.equals(readFileSync(path.join(dir, 'item-to-item.json'))));
  });
}

test('a manifest file encoding other than base64 is refused', () => {
  const m = JSON.parse(readFileSync(path.join(ROOT, 'models/base/manifest.json'), 'utf8'));
  m.files[1].encoding = 'hex';
  const r = checkManifest(m);
  assert.ok(!r.ok && /encoding/.test(r.reason));
});

test('the catalog pack goes into the theme assets too, renamed, its digest as served in the manifest', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vitrine-shopify-catalog-'));
  writeFileSync(path.join(dir, 'model.json'), JSON.stringify({ weightsManifest: [] }));
  const pack = JSON.stringify({ format: 'vitrine-catalog', v: 1, n: 0, id: [], trending: [], together: [], togetherFrom: [] });
  const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
  const modelJson = readFileSync(path.join(dir, 'model.json'));
  writeFileSync(path.join(dir, 'catalog.json'), pack);
  writeFileSync(
    path.join(dir, 'manifest.json'),
    JSON.stringify({ weights: 'model.json', files: [{ path: 'model.json', bytes: modelJson.length, sha256: sha(modelJson) }], catalog: { path: 'catalog.json', bytes: pack.length, sha256: sha(pack) } }),
  );
  const { files } = modelAssets(dir);
  const manifest = JSON.parse(files[0].data.toString('utf8'));
  const served = files.find((f) => f.name === manifest.catalog.path);
  assert.ok(served, `${manifest.catalog.path} is among the assets`);
  assert.match(manifest.catalog.path, /^vitrine-model-[0-9a-f]{16}\.json$/);
  assert.equal(served!.data.toString('utf8'), pack);
  assert.equal(manifest.catalog.sha256, sha(pack));
  assert.equal(manifest.catalog.bytes, pack.length);
});
