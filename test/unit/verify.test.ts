import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { SHA256_BLOCKS_PER_CHUNK, sha256Sliced } from '../../src/model/sha256';
import { inChunks } from '../../src/common/slices';
import { sha256Hex, verifyFile } from '../../src/model/verify';
import { checkManifest } from '../../src/model/format';
import { DEFAULT_FEATURE_SPEC } from '../../src/features';

const nodeHex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

test('plain-JS SHA-256 matches Node crypto on every padding boundary and across chunks', async () => {
  const chunk = SHA256_BLOCKS_PER_CHUNK * 64;
  for (const len of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 100_003, chunk - 9, chunk - 8, chunk, chunk + 1, 3 * chunk + 77]) {
    const data = new Uint8Array(randomBytes(len));
    assert.equal(hex(await sha256Sliced(data)), nodeHex(data), `length ${len}`);
    assert.equal(hex(await sha256Sliced(data.buffer)), nodeHex(data), `length ${len}, as an ArrayBuffer`);
  }
  assert.equal(hex(await sha256Sliced(new TextEncoder().encode('abc'))), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('plain-JS SHA-256 works in chunks of SHA256_BLOCKS_PER_CHUNK blocks and yields between them: a timer set at the start runs before a 4 MB digest ends', async () => {
  const data = new Uint8Array(randomBytes(4 * 1024 * 1024));
  const ranges: [number, number][] = [];
  const recording: typeof inChunks = (n, size, work) => inChunks(n, size, (from, to) => (ranges.push([from, to]), work(from, to)));
  let chunksWhenTimerRan: number | null = null;
  setTimeout(() => (chunksWhenTimerRan = ranges.length), 0);
  assert.equal(hex(await sha256Sliced(data, recording)), nodeHex(data));
  assert.equal(ranges.length, Math.ceil((data.length + 9) / 64 / SHA256_BLOCKS_PER_CHUNK));
  assert.ok(ranges.every(([from, to]) => to - from <= SHA256_BLOCKS_PER_CHUNK));
  assert.ok(chunksWhenTimerRan !== null && chunksWhenTimerRan < ranges.length, `the timer ran after chunk ${chunksWhenTimerRan} of ${ranges.length}`);
});

test('verifyFile accepts the right bytes and rejects wrong size or digest', async () => {
  const data = new Uint8Array(randomBytes(300));
  const file = { path: 'weights.bin', bytes: 300, sha256: nodeHex(data) };
  assert.equal(await sha256Hex(data.buffer), file.sha256);
  assert.equal((await verifyFile(file, data.buffer)).ok, true);
  const flipped = data.slice();
  flipped[7] ^= 1;
  const bad = await verifyFile(file, flipped.buffer);
  assert.equal(bad.ok, false);
  assert.match((bad as { reason: string }).reason, /sha256 mismatch/);
  const short = await verifyFile(file, data.slice(0, 10).buffer);
  assert.match((short as { reason: string }).reason, /expected 300 bytes/);
});

test('checkManifest accepts a valid manifest and lists every problem of a bad one', () => {
  const good = {
    format: 'vitrine-model', formatVersion: 1, name: 't', modelVersion: 't-1', createdAt: '2026-01-01', arch: 'pooled-two-tower-v1', dim: 8,
    features: DEFAULT_FEATURE_SPEC, weights: 'model.json',
    files: [{ path: 'model.json', bytes: 10, sha256: 'a'.repeat(64) }, { path: 'weights.bin', bytes: 10, sha256: 'b'.repeat(64) }],
  };
  assert.equal(checkManifest(good).ok, true);
  const bad = checkManifest({ ...good, formatVersion: 9, arch: 'x', files: [{ path: '../etc/passwd', bytes: 1, sha256: 'zz' }] });
  assert.equal(bad.ok, false);
  const reason = (bad as { reason: string }).reason;
  for (const word of ['formatVersion', 'arch', 'files[0].path', 'files[0].sha256', 'weights']) assert.ok(reason.includes(word), word);
  assert.equal(checkManifest(null).ok, false);
});
