import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonInPieces } from '../../src/common/json-pieces';
import { Rng } from '../../cli/train/rng';

const bytes = (s: string) => new TextEncoder().encode(s);

/** A random JSON value: strings with quotes, backslashes, brackets, commas and multi-byte characters; numbers; nesting. */
function value(rng: Rng, depth: number): unknown {
  const r = rng.next();
  if (depth > 2 || r < 0.3) {
    const k = rng.next();
    if (k < 0.15) return null;
    if (k < 0.25) return rng.next() < 0.5;
    if (k < 0.5) return Math.round((rng.next() - 0.5) * 1e6) / 100;
    const parts = ['a', '"', '\\', '[', ']', '{', '}', ',', ':', ' ', 'é', '✓', '𝄞', '\n', '\\"', 'x'];
    return Array.from({ length: Math.floor(rng.next() * 8) }, () => parts[Math.floor(rng.next() * parts.length)]).join('');
  }
  if (r < 0.7) return Array.from({ length: Math.floor(rng.next() * 6) }, () => value(rng, depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(rng.next() * 4) }, (_, i) => [`k${i}${String(value(rng, 9))}`, value(rng, depth + 1)]));
}

test('parseJsonInPieces gives what JSON.parse gives: random objects of arrays, cut into pieces of every size', async () => {
  const rng = new Rng(7);
  for (let doc = 0; doc < 150; doc++) {
    const o: Record<string, unknown> = {};
    const members = 1 + Math.floor(rng.next() * 5);
    for (let m = 0; m < members; m++) o[`m${m}${m % 2 ? ' "x"' : ''}`] = rng.next() < 0.7 ? Array.from({ length: Math.floor(rng.next() * 40) }, () => value(rng, 1)) : value(rng, 1);
    const json = rng.next() < 0.5 ? JSON.stringify(o) : JSON.stringify(o, null, rng.next() < 0.5 ? 2 : '\t');
    for (const piece of [1, 7, 64, 1 << 20]) assert.deepEqual(await parseJsonInPieces(bytes(json), piece), JSON.parse(json), `doc ${doc}, pieces of ${piece}: ${json.slice(0, 200)}`);
  }
});

test('parseJsonInPieces: "__proto__" is an own property, a repeated key keeps its last value, non-objects and empty objects parse as JSON.parse does', async () => {
  const proto = (await parseJsonInPieces(bytes('{"__proto__":[1,2,3],"a":[4]}'), 2)) as Record<string, unknown>;
  assert.deepEqual(Object.getOwnPropertyNames(proto), ['__proto__', 'a']);
  assert.equal(Object.getPrototypeOf(proto), Object.prototype);
  assert.deepEqual(proto.__proto__, [1, 2, 3]);
  assert.deepEqual(await parseJsonInPieces(bytes('{"a":[1,2],"a":[3]}'), 1), { a: [3] });
  for (const json of ['{}', ' { } ', '[1,2,3,4,5,6,7,8,9]', '"text"', '12', 'null', '\ufeff{"a":[1,2,3]}'])
    assert.deepEqual(await parseJsonInPieces(bytes(json), 1), JSON.parse(new TextDecoder().decode(bytes(json))), json);
});

test('parseJsonInPieces rejects what JSON.parse rejects, with a SyntaxError', async () => {
  const bad = ['{"a":[1,2,]}', '{"a":[1,2],}', '{,"a":[1]}', '{"a":[1,2]', '{"a":[1,2]]', '{"a":[1 2]}', '{"a":[1],"b"}', '{1:[2]}', '{"a":[1]} x', '{"a":[1]}{}', '{"a":[1] [2]}', '{"a":[1]:2}', '{"a":[1,2],"b":[3,,4]}', '{a:[1]}', '{"a":["x]}'];
  for (const json of bad) {
    assert.throws(() => JSON.parse(json), SyntaxError, `JSON.parse rejects ${json}`);
    await assert.rejects(parseJsonInPieces(bytes(json), 1), SyntaxError, json);
  }
});
