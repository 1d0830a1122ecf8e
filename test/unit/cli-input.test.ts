import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { num, parseFlags } from '../../cli/args';
import { readCatalog } from '../../cli/catalog';
import { CsvParser, MAX_ROW_CHARS } from '../../cli/csv';
import { CliError, describeError } from '../../cli/errors';
import { ItemTable } from '../../cli/items';
import { ensureWritableDir, prepareModelFolder } from '../../cli/paths';
import { CHUNK_BYTES, readText } from '../../cli/text-input';

const tmp = mkdtempSync(path.join(tmpdir(), 'vitrine-input-'));
const file = (name: string, data: string | Uint8Array) => {
  const f = path.join(tmp, name);
  writeFileSync(f, data);
  return f;
};
const readAll = async (f: string) => {
  let s = '';
  for await (const chunk of readText(f)) s += chunk;
  return s;
};
const rejectsWith = async (p: Promise<unknown>, re: RegExp, line?: number) => {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof CliError, String(e));
    assert.match(e.message, re);
    if (line !== undefined) assert.equal(e.line, line);
    return true;
  });
};

test('characters split across read chunks decode exactly (UTF-8 and UTF-16 surrogate pairs)', async () => {
  for (let k = 0; k < 4; k++) {
    const text = `${'a'.repeat(CHUNK_BYTES - k)}😀é€\nb,c\n`;
    assert.equal(await readAll(file(`split8-${k}.csv`, text)), text, `UTF-8 offset ${k}`);
  }
  for (const shift of [2, 4]) {
    const text = `${'a'.repeat((CHUNK_BYTES - 2 - shift) / 2)}😀é\n`;
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    assert.equal(await readAll(file(`split16-${shift}.csv`, bytes)), text, `UTF-16 shift ${shift}`);
  }
  // a BOM is skipped, a U+FEFF later in the text is kept
  assert.equal(await readAll(file('bom.csv', '\ufeffa,\ufeffb\n')), 'a,\ufeffb\n');
});

test('a file that ends inside a character, and invalid bytes, are refused with the line', async () => {
  await rejectsWith(readAll(file('cut.csv', Buffer.concat([Buffer.from('a\nb\n'), Buffer.from([0xe2, 0x82])]))), /not valid UTF-8 \(the file ends in the middle of a character\)/, 3);
  await rejectsWith(readAll(file('cp1252.csv', Buffer.concat([Buffer.from('a\nb\n\nna'), Buffer.from([0xef]), Buffer.from('ve\n')]))), /byte 0xEF/, 4);
  await rejectsWith(readAll(file('emoji-cut.csv', Buffer.concat([Buffer.from('x,'), Buffer.from([0xf0, 0x9f, 0x98]), Buffer.from(',y\n')]))), /byte 0xF0/, 1);
  await rejectsWith(readAll(file('odd16.csv', Buffer.from([0xfe, 0xff, 0, 0x61, 0, 0x0a, 0x62]))), /not valid UTF-16 BE \(the file ends in the middle/, 2);
});

test('record start lines count quoted newlines and blank lines, in any chunking', () => {
  const text = 'a,b\n1,"x\ny"\n\n2,3\r\n"4\n\n",5\n6,7';
  for (const size of [1, 2, 3, 5, text.length]) {
    const p = new CsvParser();
    const lines: number[] = [];
    for (let i = 0; i < text.length; i += size) {
      p.push(text.slice(i, i + size));
      lines.push(...p.lines);
    }
    p.end();
    lines.push(...p.lines);
    assert.deepEqual(lines, [1, 2, 5, 6, 9], `chunk ${size}`);
  }
});

test('an unterminated quote and an over-long row are CliErrors with their line, across chunks', () => {
  const quoted = new CsvParser();
  quoted.push('a,b\n1,2\n3,"x\n');
  assert.throws(() => {
    for (let i = 0; i < 3; i++) quoted.push('y'.repeat(MAX_ROW_CHARS / 2) + '\n');
  }, (e: unknown) => e instanceof CliError && e.line === 3 && /quoted field opened on this line runs past 1 MiB/.test(e.message));
  const unterminated = new CsvParser();
  unterminated.push('a,b\n1,"2\n3,4\n');
  assert.throws(() => unterminated.end(), (e: unknown) => e instanceof CliError && e.line === 2 && /never closes/.test(e.message));
  const long = new CsvParser();
  long.push('a,b\n');
  assert.throws(() => long.push('z'.repeat(MAX_ROW_CHARS + 1)), (e: unknown) => e instanceof CliError && e.line === 2 && /row longer than 1 MiB/.test(e.message));
  // doubled quotes and quoted delimiters still parse
  const ok = new CsvParser();
  assert.deepEqual([...ok.push('a,b\n"x,""y""",2\n'), ...ok.end()], [['a', 'b'], ['x,"y"', '2']]);
});

test('errors print as one line: file and line, errno codes in words, internal errors with a hint, stacks only in debug', () => {
  assert.equal(describeError(new CliError('bad', { file: 'e.csv', line: 7 }), false).text, 'vitrine: e.csv:7: bad');
  assert.equal(describeError(new CliError('multi\nline\r\nmessage'), false).text, 'vitrine: multi line message');
  assert.ok(describeError(new CliError('x'.repeat(5000)), false).text.length < 400, 'long messages are cut');
  const rofs = Object.assign(new Error("EROFS: read-only file system, open '/mnt/ro/x'"), { code: 'EROFS', path: '/mnt/ro/x' });
  assert.equal(describeError(rofs, false).text, 'vitrine: /mnt/ro/x: read-only file system');
  const acces = Object.assign(new Error('EACCES'), { code: 'EACCES', path: '/root/m' });
  assert.equal(describeError(acces, false).text, 'vitrine: /root/m: permission denied');
  assert.match(describeError(new RangeError('Invalid typed array length: 48000000000000'), false).text, /out of memory.*lower --buckets or --dim/);
  const internal = describeError(new TypeError('x is undefined'), false);
  assert.match(internal.text, /^vitrine: x is undefined \(an internal error: run again with --debug/);
  assert.doesNotMatch(internal.text, /\n/);
  assert.match(describeError(new TypeError('x is undefined'), true).text, /\n\s+at /);
  assert.equal(describeError(new CliError('u', {}, 2), false).exitCode, 2);
});

test('output folders: writability proved with a probe, failures named "cannot write to DIR: permission denied", made folders removed', () => {
  const made = ensureWritableDir(path.join(tmp, 'a/b/c'), 'out');
  assert.deepEqual(made, ['a', 'a/b', 'a/b/c'].map((p) => path.join(tmp, p)));
  assert.deepEqual(ensureWritableDir(path.join(tmp, 'a/b/c'), 'out'), [], 'nothing made the second time');
  if (existsSync('/sys/kernel')) {
    // sysfs refuses new folders even for root
    assert.throws(() => ensureWritableDir('/sys/vitrine-probe/x', 'out'), /cannot write to \/sys\/vitrine-probe\/x: (permission denied|read-only file system)/);
  }
  mkdirSync(path.join(tmp, 'full'));
  file('full/model.json', '{}');
  assert.throws(() => prepareModelFolder(path.join(tmp, 'full'), false), /not empty \(holds model\.json\): pass --force/);
  assert.deepEqual(prepareModelFolder(path.join(tmp, 'full'), true), []);
  assert.throws(() => prepareModelFolder(path.join(tmp, 'full/model.json'), true), /not a folder/);
});

test('catalog prices go through parsePrice: separators and currency read, hex and junk left out with the line', async () => {
  const f = file('prices.csv', 'item,price\nA,"$1,299.00"\nB,"1.299,00 €"\nC,0x10\nD,12.5\nE,"1,299"\nF,1e3\nG,1.299\n');
  const items = new ItemTable();
  const r = await readCatalog(f, items);
  const price = (id: string) => items.item(items.get(id)!).price;
  assert.equal(price('A'), 1299);
  assert.equal(price('B'), 1299);
  assert.equal(price('C'), undefined);
  assert.equal(price('D'), 12.5);
  assert.equal(price('E'), 1299, 'the CLI reads a lone "1,299" / "1.299" with a decimal point');
  assert.equal(price('G'), 1.299);
  assert.equal(price('F'), undefined);
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0], /prices\.csv:4: 2 prices could not be read.*"0x10"/);
});

test('flags: empty values, repeats, booleans with values and values that are flags are usage errors; numbers are strict', () => {
  const spec = { values: { epochs: 'passes', out: 'folder' }, booleans: { quiet: 'quiet' } };
  assert.throws(() => parseFlags(['--epochs='], spec, 'train'), /--epochs is empty/);
  assert.throws(() => parseFlags(['--epochs', '1', '--epochs', '2'], spec, 'train'), /--epochs given twice/);
  assert.throws(() => parseFlags(['--quiet=no'], spec, 'train'), /--quiet takes no value/);
  assert.throws(() => parseFlags(['--out', '--quiet'], spec, 'train'), /--out needs a value, not the flag --quiet/);
  assert.throws(() => parseFlags(['--otu', 'x'], spec, 'train'), /unknown flag --otu \(did you mean --out\?\)/);
  assert.deepEqual(parseFlags(['--out=--odd', '--quiet', '--debug'], spec, 'train'), { out: '--odd', quiet: true, debug: true });
  const range = { int: true, min: 1, max: 10 };
  for (const bad of ['0x5', ' ', 'Infinity', '5.5', '11', '0', '1e1e1', '5abc'])
    assert.throws(() => num({ n: bad }, 'n', 1, range), /--n: expected an integer from 1 to 10/, bad);
  assert.equal(num({ n: '1e1' }, 'n', 1, range), 10);
  assert.equal(num({}, 'n', 3, range), 3);
});
