import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { FAST, eventsCsv, runCli, scratch, write } from './cli-helpers';

/** The fixture's events split into three parts: gzipped CSV, TSV, plain CSV (each with its header). */
function parts(dir: string): void {
  const lines = eventsCsv({ sessions: 30 }).trimEnd().split('\n');
  const [header, ...rows] = lines;
  const third = Math.ceil(rows.length / 3);
  const chunk = (k: number) => rows.slice(k * third, (k + 1) * third);
  mkdirSync(path.join(dir, 'parts'));
  write(dir, 'parts/part-00000.csv.gz', gzipSync([header, ...chunk(0)].join('\n') + '\n'));
  write(dir, 'parts/part-00001.tsv', [header, ...chunk(1)].map((l) => l.replaceAll(',', '\t')).join('\n') + '\n');
  write(dir, 'parts/part-00002.csv', [header, ...chunk(2)].join('\n') + '\n');
  write(dir, 'parts/_SUCCESS', '');
  write(dir, 'parts/.part-00000.csv.gz.crc', 'x');
  write(dir, 'all.csv', lines.join('\n') + '\n');
}

const weights = (dir: string, model: string) => readFileSync(path.join(dir, model, 'weights.bin'));

test('--events takes a folder of part files and a glob (gzip, TSV and CSV mixed): the same model as the one file', () => {
  const dir = scratch('vitrine-parts-');
  try {
    parts(dir);
    const train = (events: string, out: string) => {
      const r = runCli(dir, ['train', '--events', events, '--out', out, ...FAST]);
      assert.equal(r.status, 0, r.stderr);
      return r;
    };
    const one = train('all.csv', 'one');
    const folder = train('parts', 'folder');
    const glob = train('parts/part-*', 'glob');
    for (const r of [one, folder, glob]) assert.match(r.stderr, /read 120 train events in 30 sessions/);
    assert.deepEqual(weights(dir, 'folder'), weights(dir, 'one'));
    assert.deepEqual(weights(dir, 'glob'), weights(dir, 'one'));
    // a glob that matches nothing and a folder without parts are refused with the path, status 1
    const none = runCli(dir, ['train', '--events', 'parts/nothing-*.csv', '--out', 'x', ...FAST]);
    assert.equal(none.status, 1);
    assert.match(none.stderr, /no file matches/);
    mkdirSync(path.join(dir, 'empty'));
    const empty = runCli(dir, ['train', '--events', 'empty', '--out', 'y', ...FAST]);
    assert.equal(empty.status, 1);
    assert.match(empty.stderr, /no part files/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
