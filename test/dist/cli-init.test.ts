import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readModelFolder } from '../../cli/model-io';
import { assertRefused, catalogCsv, eventsCsv, FAST, runCli, scratch, write } from './cli-helpers';

test('train --init: starts from the init model, adds fresh id rows, refuses conflicting flags', () => {
  const dir = scratch('vitrine-init-');
  try {
    write(dir, 'e.csv', eventsCsv({ sessions: 40 }));
    write(dir, 'c.csv', catalogCsv());
    const base = runCli(dir, ['train', '--events', 'e.csv', '--catalog', 'c.csv', '--out', 'base', '--content-only', '--dim', '4', '--buckets', '64', '--quiet', '--cache', 'cache', '--epochs', '3']);
    assert.equal(base.status, 0, base.stderr);
    const a = readModelFolder(path.join(dir, 'base')).tables;
    // 0 epochs from the init model: the same tables up to requantization, the same history parameters
    const zero = runCli(dir, ['train', '--events', 'e.csv', '--catalog', 'c.csv', '--out', 'zero', '--init', 'base', '--content-only', '--epochs', '0', '--quiet', '--cache', 'cache']);
    assert.equal(zero.status, 0, zero.stderr);
    assert.match(zero.stderr, /init: base/);
    const z = readModelFolder(path.join(dir, 'zero')).tables;
    const step = Math.max(...a.item) - Math.min(...a.item);
    let nonzero = 0;
    for (let i = 0; i < a.item.length; i++) {
      assert.ok(Math.abs(a.item[i] - z.item[i]) <= step / 255 + 1e-6, `weight ${i}: ${a.item[i]} vs ${z.item[i]}`);
      if (a.item[i] !== 0) nonzero++;
    }
    assert.ok(nonzero > 0);
    assert.deepEqual(Array.from(z.seq!.attnPos), Array.from(a.seq!.attnPos));
    assert.deepEqual(Array.from(z.seq!.repPos), Array.from(a.seq!.repPos));
    // with ids (the init model is content-only): rows zero in the init model get trained
    const tuned = runCli(dir, ['train', '--events', 'e.csv', '--catalog', 'c.csv', '--out', 'tuned', '--init', 'base', '--epochs', '1', '--quiet', '--cache', 'cache', '--no-item-to-item']);
    assert.equal(tuned.status, 0, tuned.stderr);
    const m = readModelFolder(path.join(dir, 'tuned'));
    assert.ok(m.manifest.features.fieldWeights.id > 0);
    assert.equal(m.manifest.features.buckets, 64);
    const D = m.manifest.dim;
    let fresh = 0;
    for (let r = 0; r < 64; r++) {
      const was = a.item.subarray(r * D, (r + 1) * D).some((v) => v !== 0);
      const now = m.tables.item.subarray(r * D, (r + 1) * D).some((v) => v !== 0);
      if (!was && now) fresh++;
      if (was) assert.ok(now, `row ${r} trained in the init model is kept`);
    }
    assert.ok(fresh > 0, 'id rows the init model never trained get rows');
    // conflicts and invalid folders: one line, clear message
    const conflict = runCli(dir, ['train', '--events', 'e.csv', '--out', 'x', '--init', 'base', '--buckets', '128', '--quiet']);
    assertRefused(conflict, { says: /--buckets 128 conflicts with --init base/ });
    assert.equal(conflict.status, 2);
    assertRefused(runCli(dir, ['train', '--events', 'e.csv', '--out', 'x', '--init', 'base', '--no-repeat']), { says: /architecture comes from the init model/ });
    assertRefused(runCli(dir, ['train', '--events', 'e.csv', '--out', 'x', '--init', 'nope']), { file: 'nope', says: /no such model folder/ });
    const w = path.join(dir, 'base', 'weights.bin');
    const bytes = readFileSync(w);
    bytes[0] ^= 1;
    writeFileSync(w, bytes);
    assertRefused(runCli(dir, ['train', '--events', 'e.csv', '--out', 'x', '--init', 'base']), { file: 'base', says: /SHA-256/ });
    assertRefused(runCli(dir, ['train', '--events', 'e.csv', '--out', 'x', '--epochs', '0']), { says: /--epochs/ });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
