import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { integrityOf, parseIntegrity } from '../../src/model/integrity';
import { readCapped } from '../../src/model/download';

const b64 = (n: number, fill = 1) => Buffer.alloc(n, fill).toString('base64');

test('parseIntegrity accepts sha256- plus the base64 of 32 bytes (padding optional) and gives one canonical form', () => {
  const digest = b64(32, 0xab);
  for (const v of [`sha256-${digest}`, `sha256-${digest.replace(/=$/, '')}`, `  sha256-${digest}  `]) {
    const r = parseIntegrity(v);
    assert.ok(r.ok, `${v}: ${!r.ok && r.reason}`);
    assert.deepEqual(r.value, [`sha256-${digest}`]);
  }
});

test('parseIntegrity: several pins separated by spaces accept any of them (as SRI), one malformed token refuses all', () => {
  const a = `sha256-${b64(32, 1)}`;
  const b = `sha256-${b64(32, 2)}`;
  assert.deepEqual(parseIntegrity(`${a} ${b}`), { ok: true, value: [a, b] });
  assert.deepEqual(parseIntegrity(`${a}\n  ${b}`), { ok: true, value: [a, b] });
  assert.equal(parseIntegrity(`${a} sha256-abc`).ok, false);
});

test('parseIntegrity refuses malformed pins with a reason that says what a pin looks like', () => {
  const bad: unknown[] = ['', 'sha256-', 'sha256-abc', `sha256-${b64(31)}`, `sha256-${b64(33)}`, `sha512-${b64(64)}`, `sha384-${b64(48)}`, `md5-${b64(16)}`,
    `SHA256-${b64(32)}`, `sha256:${b64(32)}`, b64(32), `sha256-${b64(32)}!`, `sha256-${b64(32).replace(/A/g, '-')}`, `sha256-${b64(32)} sha512-${b64(64)}`, '   ', 42, null, {}];
  for (const v of bad) {
    const r = parseIntegrity(v);
    assert.equal(r.ok, false, JSON.stringify(v));
    assert.match((r as { reason: string }).reason, /modelIntegrity .*malformed.*'sha256-'/, JSON.stringify(v));
  }
});

test('integrityOf is the SRI value of the bytes (what openssl dgst -sha256 -binary | base64 prints)', async () => {
  const bytes = new TextEncoder().encode('{"format":"vitrine-model"}\n');
  assert.equal(await integrityOf(bytes), `sha256-${createHash('sha256').update(bytes).digest('base64')}`);
});

/** A response whose body never ends, counting the chunks it was asked for. */
function endless(chunk = 64 * 1024) {
  const counter = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      counter.pulled++;
      controller.enqueue(new Uint8Array(chunk));
    },
    cancel() {
      counter.cancelled = true;
    },
  });
  return { response: new Response(body), counter };
}

test('readCapped stops reading once the body exceeds the limit and cancels the stream', async () => {
  const { response, counter } = endless();
  await assert.rejects(readCapped(response, 200_000, 'https://x/m/weights.bin'), /weights\.bin: more than the 200000 bytes/);
  assert.ok(counter.pulled <= 6, `pulled ${counter.pulled} chunks of 64 KiB for a 200,000-byte limit`);
  assert.equal(counter.cancelled, true);
});

test('readCapped returns the exact bytes of a body within the limit, in one buffer', async () => {
  const parts = [new Uint8Array([1, 2, 3]), new Uint8Array([4]), new Uint8Array([5, 6])];
  const body = new ReadableStream<Uint8Array>({ start(c) { parts.forEach((p) => c.enqueue(p)); c.close(); } });
  const bytes = await readCapped(new Response(body), 6, 'https://x/m/a.bin');
  assert.deepEqual([...bytes], [1, 2, 3, 4, 5, 6]);
  await assert.rejects(readCapped(new Response(new Uint8Array(7)), 6, 'https://x/m/a.bin'), /more than the 6 bytes/);
});

test('readCapped with a known size fills one buffer of it as chunks arrive; a shorter body comes back short, a longer one fails', async () => {
  const stream = (parts: number[][]) => new ReadableStream<Uint8Array>({ start(c) { parts.forEach((p) => c.enqueue(new Uint8Array(p))); c.close(); } });
  const bytes = await readCapped(new Response(stream([[1, 2, 3], [4], [5, 6]])), 6, 'https://x/m/a.bin', true);
  assert.deepEqual([...bytes], [1, 2, 3, 4, 5, 6]);
  assert.equal(bytes.byteOffset, 0);
  assert.equal(bytes.buffer.byteLength, 6, 'the result owns its whole buffer (it can be transferred)');
  const short = await readCapped(new Response(stream([[1, 2], [3]])), 6, 'https://x/m/a.bin', true);
  assert.deepEqual([...short], [1, 2, 3]);
  assert.equal(short.buffer.byteLength, 3);
  await assert.rejects(readCapped(new Response(stream([[1, 2, 3], [4, 5, 6], [7]])), 6, 'https://x/m/a.bin', true), /more than the 6 bytes/);
  const { response, counter } = endless();
  await assert.rejects(readCapped(response, 200_000, 'https://x/m/weights.bin', true), /more than the 200000 bytes/);
  assert.ok(counter.pulled <= 6 && counter.cancelled);
});
