import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { eventsCsv, runCli, scratch, write } from './cli-helpers';

test('early stopping: --epochs is the most, the card says how many epochs the validation split chose', () => {
  const dir = scratch('vitrine-stop-');
  try {
    write(dir, 'e.csv', eventsCsv({ sessions: 60 }));
    const args = ['train', '--events', 'e.csv', '--out', 'm', '--dim', '4', '--buckets', '64', '--cache', 'cache', '--epochs', '8', '--patience', '1'];
    const r = runCli(dir, args);
    assert.equal(r.status, 0, r.stderr);
    const chosen = /early stopping: (\d+) of at most 8 epochs \(validation HR@20 ([\d.]+)/.exec(r.stderr);
    assert.ok(chosen, r.stderr);
    const n = Number(chosen[1]);
    assert.ok(n >= 1 && n <= 8);
    assert.match(r.stderr, /val HR@20 [\d.]+/, 'the progress line shows the validation score');
    const card = readFileSync(path.join(dir, 'm', 'MODEL_CARD.md'), 'utf8');
    assert.match(card, new RegExp(`${n} epochs \\(early stopping, patience 1, at most 8`));
    // the final run trains on all sessions for the chosen count: one row per epoch in the card
    assert.equal((card.match(/^\| \d+ \| [\d.]+ \| [\d,]+ \|$/gm) ?? []).length, n);
    // --patience 0: exactly --epochs, no validation run when there is nothing to fit either
    const off = runCli(dir, ['train', '--events', 'e.csv', '--out', 'off', '--dim', '4', '--buckets', '64', '--cache', 'cache', '--epochs', '3', '--patience', '0', '--no-item-to-item', '--quiet']);
    assert.equal(off.status, 0, off.stderr);
    assert.doesNotMatch(off.stderr, /early stopping|validation:/);
    assert.match(readFileSync(path.join(dir, 'off', 'MODEL_CARD.md'), 'utf8'), /, 3 epochs, seed/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
