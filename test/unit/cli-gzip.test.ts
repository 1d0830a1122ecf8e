import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readEvents } from '../../cli/events';
import { ItemTable } from '../../cli/items';

test('a gzipped events file reads the same as the plain one; a cut-short gzip is refused with the file', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vitrine-gz-'));
  try {
    const rows = ['session,item,time,type'];
    for (let s = 0; s < 3000; s++) for (let k = 0; k < 3; k++) rows.push(`s${s},i${(s * 7 + k) % 500},${1569888000 + s + k},view`);
    const text = rows.join('\n') + '\n';
    writeFileSync(path.join(dir, 'e.csv'), text);
    const gz = gzipSync(text);
    writeFileSync(path.join(dir, 'e.csv.gz'), gz);
    writeFileSync(path.join(dir, 'cut.csv.gz'), gz.subarray(0, gz.length >> 1));
    const plainItems = new ItemTable();
    const gzItems = new ItemTable();
    const plain = await readEvents(path.join(dir, 'e.csv'), plainItems);
    const zipped = await readEvents(path.join(dir, 'e.csv.gz'), gzItems);
    assert.equal(zipped.events, 9000);
    assert.deepEqual(zipped.sessions.items, plain.sessions.items);
    assert.deepEqual(zipped.sessions.start, plain.sessions.start);
    assert.deepEqual(gzItems.ids, plainItems.ids);
    await assert.rejects(readEvents(path.join(dir, 'cut.csv.gz'), new ItemTable()), (e: Error & { file?: string }) => /gzip|end/i.test(e.message) && e.file === path.join(dir, 'cut.csv.gz'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
