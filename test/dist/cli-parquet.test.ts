import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { FAST, eventsCsv, runCli, scratch, write } from './cli-helpers';

type Row = [session: string, item: string, time: number, type: string | null];

/** The fixture's events, every fifth without a type (a null in Parquet, an empty cell in CSV: both read as missing). */
function rows(): Row[] {
  const [, ...lines] = eventsCsv({ sessions: 30 }).trimEnd().split('\n');
  return lines.map((l, i) => {
    const [s, item, t, type] = l.split(',');
    return [s, item, Number(t), i % 5 === 2 ? null : type];
  });
}

const csv = (rs: Row[]) => ['session,item,time,type', ...rs.map((r) => `${r[0]},${r[1]},${r[2]},${r[3] ?? ''}`)].join('\n') + '\n';

/** A Parquet file of these rows: strings, an INT64 TIMESTAMP (millis) column named event_time, a nullable type; several row groups. */
function parquet(file: string, rs: Row[], codec: 'UNCOMPRESSED' | 'SNAPPY', rowGroupSize: number): void {
  parquetWriteFile({
    filename: file,
    codec,
    rowGroupSize,
    columnData: [
      { name: 'session', data: rs.map((r) => r[0]), type: 'STRING' },
      { name: 'item', data: rs.map((r) => r[1]), type: 'STRING' },
      { name: 'event_time', data: rs.map((r) => new Date(r[2] * 1000)), type: 'TIMESTAMP' },
      { name: 'type', data: rs.map((r) => r[3]), type: 'STRING' },
    ],
  } as Parameters<typeof parquetWriteFile>[0]);
}

const weights = (dir: string, model: string) => readFileSync(path.join(dir, model, 'weights.bin'));

test('--events reads Parquet (plain and snappy row groups, INT64 timestamps, nulls, part folders mixed with CSV): the same model as the same rows as CSV', () => {
  const dir = scratch('vitrine-parquet-');
  try {
    const all = rows();
    write(dir, 'all.csv', csv(all));
    parquet(path.join(dir, 'all.parquet'), all, 'SNAPPY', 17);
    mkdirSync(path.join(dir, 'parts'));
    const third = Math.ceil(all.length / 3);
    parquet(path.join(dir, 'parts/part-00000.parquet'), all.slice(0, third), 'UNCOMPRESSED', 25);
    parquet(path.join(dir, 'parts/part-00001.parquet'), all.slice(third, 2 * third), 'SNAPPY', 1000);
    write(dir, 'parts/part-00002.csv', csv(all.slice(2 * third)).replace('session,item,time,type', 'session,item,event_time,type'));
    const train = (events: string, out: string, ...more: string[]) => {
      const r = runCli(dir, ['train', '--events', events, '--out', out, ...more, ...FAST]);
      assert.equal(r.status, 0, r.stderr);
      return r;
    };
    const one = train('all.csv', 'csv');
    const pq = train('all.parquet', 'parquet', '--time-col', 'event_time');
    const parts = train('parts', 'from-parts', '--time-col', 'event_time');
    const read = /read (\d+) train events in (\d+) sessions/;
    assert.match(one.stderr, read);
    for (const r of [pq, parts]) assert.equal(r.stderr.match(read)?.[0], one.stderr.match(read)?.[0]);
    assert.deepEqual(weights(dir, 'parquet'), weights(dir, 'csv'));
    assert.deepEqual(weights(dir, 'from-parts'), weights(dir, 'csv'));
    // a column the flags name that the file lacks is refused, naming it
    const missing = runCli(dir, ['train', '--events', 'all.parquet', '--out', 'x', '--time-col', 'when', ...FAST]);
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /when/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
