import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveModelPath } from '../../src/model/paths';
import { checkManifest } from '../../src/model/format';
import { DEFAULT_FEATURE_SPEC } from '../../src/features';

const MANIFEST = 'https://shop.example/assets/models/store/manifest.json';

/** Each hostile path, with what its refusal must say. */
const HOSTILE: [string, RegExp][] = [
  // other origins, however spelled
  ['http://evil.example/x.bin', /scheme/],
  ['HTTPS://evil.example/x.bin', /scheme/],
  ['https:evil.example/x.bin', /scheme/],
  ['//evil.example/x.bin', /absolute/],
  ['\\\\evil.example\\x.bin', /backslash/],
  ['/\\evil.example/x.bin', /absolute|backslash/],
  ['\\/evil.example/x.bin', /backslash/],
  // control characters the URL parser strips or reads as separators
  ['ht\ttp://evil.example/x.bin', /control character/],
  ['java\nscript:alert(1)', /control character/],
  ['java\rscript:alert(1)', /control character/],
  ['weights.bin\u0000.txt', /control character/],
  ['weights\u007f.bin', /control character/],
  ['weights\u0085.bin', /control character|printable ASCII/],
  [' /etc/passwd', /whitespace|printable ASCII/],
  ['weights.bin ', /whitespace|printable ASCII/],
  ['w\u2028.bin', /printable ASCII/],
  ['ｗeights.bin', /printable ASCII/],
  ['\uFF0E\uFF0E/x.bin', /printable ASCII/],
  // schemes that never touch the folder
  ['javascript:alert(1)', /scheme/],
  ['data:application/octet-stream;base64,AAAA', /scheme/],
  ['blob:https://shop.example/0000', /scheme/],
  ['file:///etc/passwd', /scheme/],
  ['C:weights.bin', /scheme/],
  // absolute paths on the same origin
  ['/x.bin', /absolute/],
  ['/assets/models/other/weights.bin', /absolute/],
  // dot segments, plain and encoded (once or twice), and encoded separators
  ['../x.bin', /"\.\." segment/],
  ['./x.bin', /"\." segment/],
  ['sub/../../x.bin', /"\.\." segment/],
  ['sub/..', /"\.\." segment/],
  ['%2e%2e/x.bin', /"\.\." segment/],
  ['%2E%2E/x.bin', /"\.\." segment/],
  ['.%2e/x.bin', /"\.\." segment/],
  ['%2e/x.bin', /"\." segment/],
  ['%252e%252e/x.bin', /"\.\." segment/],
  ['%25252e%25252e/x.bin', /"\.\." segment|encoded/],
  ['%2525252e%2525252e/x.bin', /encoded more than 3 times/],
  ['..;/x.bin', /"\.\." segment/],
  ['sub/.;x=1/x.bin', /"\." segment/],
  ['%c0%ae%c0%ae/x.bin', /percent-encoding/],
  ['%u002e%u002e/x.bin', /percent-encoding/],
  ['..%2fx.bin', /encoded "\/"/],
  ['sub%2f..%2f..%2fx.bin', /encoded "\/"/],
  ['..%5cx.bin', /encoded "\\"/],
  ['%5c%5cevil.example%5cx.bin', /encoded "\\"/],
  ['%00x.bin', /encoded control character/],
  ['x%0a.bin', /encoded control character/],
  ['%zz.bin', /percent-encoding/],
  ['x%.bin', /percent-encoding/],
  // empty segments, query, fragment, empty, too long, not a string
  ['sub//x.bin', /empty segment/],
  ['sub/', /empty segment/],
  ['weights.bin?x=../../y', /query or fragment/],
  ['weights.bin#x', /query or fragment/],
  ['', /empty/],
  ['a'.repeat(1025), /long/],
];

test(`resolveModelPath refuses ${HOSTILE.length} hostile paths, each with a reason`, () => {
  for (const [path, why] of HOSTILE) {
    const r = resolveModelPath(path, MANIFEST);
    assert.equal(r.ok, false, `${JSON.stringify(path)} accepted as ${r.ok && r.value}`);
    assert.match((r as { reason: string }).reason, why, `${JSON.stringify(path)}: ${(r as { reason: string }).reason}`);
  }
});

test('resolveModelPath refuses values that are not strings', () => {
  for (const v of [undefined, null, 42, {}, ['weights.bin']]) assert.equal(resolveModelPath(v, MANIFEST).ok, false, JSON.stringify(v));
});

test('resolveModelPath accepts plain relative paths and returns the absolute URL under the manifest folder', () => {
  const ok: [string, string][] = [
    ['weights.bin', 'https://shop.example/assets/models/store/weights.bin'],
    ['model.json', 'https://shop.example/assets/models/store/model.json'],
    ['group1-shard1of2.bin', 'https://shop.example/assets/models/store/group1-shard1of2.bin'],
    ['shards/a_b~c.d.bin', 'https://shop.example/assets/models/store/shards/a_b~c.d.bin'],
    ['w%20x.bin', 'https://shop.example/assets/models/store/w%20x.bin'],
    ['...bin', 'https://shop.example/assets/models/store/...bin'],
  ];
  for (const [path, url] of ok) {
    const r = resolveModelPath(path, MANIFEST);
    assert.ok(r.ok, `${path}: ${!r.ok && r.reason}`);
    assert.equal(r.value, url);
  }
  // "a:b" is a URL with scheme "a:" to the parser, so it is refused like any other scheme
  assert.equal(resolveModelPath('a:b', MANIFEST).ok, false);
});

test('resolveModelPath: the folder is the manifest URL\'s, whatever its query; a manifest at the origin root works', () => {
  const r = resolveModelPath('weights.bin', 'https://cdn.example/m/v3/manifest.json?cache=2');
  assert.ok(r.ok);
  assert.equal(r.value, 'https://cdn.example/m/v3/weights.bin');
  const root = resolveModelPath('weights.bin', 'http://localhost:5173/manifest.json');
  assert.ok(root.ok && root.value === 'http://localhost:5173/weights.bin');
});

const good = () => ({
  format: 'vitrine-model', formatVersion: 1, name: 't', modelVersion: 't-1', createdAt: '2026-01-01', arch: 'pooled-two-tower-v1', dim: 8,
  features: DEFAULT_FEATURE_SPEC, weights: 'model.json',
  files: [{ path: 'model.json', bytes: 10, sha256: 'a'.repeat(64) }, { path: 'weights.bin', bytes: 10, sha256: 'b'.repeat(64) }],
});

test('checkManifest refuses every hostile path, naming the file and the reason', () => {
  assert.equal(checkManifest(good()).ok, true);
  for (const [path, why] of HOSTILE) {
    const m = good();
    m.files[1].path = path;
    const r = checkManifest(m);
    assert.equal(r.ok, false, JSON.stringify(path));
    const reason = (r as { reason: string }).reason;
    assert.match(reason, /files\[1\]\.path/, reason);
    assert.match(reason, why, `${JSON.stringify(path)}: ${reason}`);
  }
});

test('checkManifest refuses a path listed twice and byte counts that are not whole numbers', () => {
  const twice = good();
  twice.files[1].path = 'model.json';
  assert.match((checkManifest(twice) as { reason: string }).reason, /files\[1\]\.path: listed twice/);
  for (const bytes of [1.5, -1, Number.NaN, Infinity, '10']) {
    const m = good() as { files: { bytes: unknown }[] };
    m.files[1].bytes = bytes;
    assert.match((checkManifest(m) as { reason: string }).reason, /files\[1\]\.bytes/, String(bytes));
  }
});
