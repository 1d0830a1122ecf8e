/**
 * The built CLI (dist/cli.mjs) on hostile input: every class of bad file or flag is refused
 * with one line naming the file (and line) and what to do, a non-zero exit, no stack trace,
 * no dump of the input, and before any training starts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { assertOk, assertRefused, catalogCsv, eventsCsv, FAST, runCli, scratch, write } from './cli-helpers';

const dir = scratch('vitrine-hostile-');
const cli = (...args: string[]) => runCli(dir, args);
const good = write(dir, 'good.csv', eventsCsv());
const catalog = write(dir, 'catalog.csv', catalogCsv());
const train = (events: string, ...more: string[]) => cli('train', '--events', events, '--out', `out-${Math.random().toString(36).slice(2)}`, ...FAST, ...more);

// Reference model: the same events in other encodings must give the same weights.
let goodWeights = '';
test('the fixtures train (the refusals below are about the input, not the setup)', () => {
  const r = cli('train', '--events', good, '--catalog', catalog, '--out', 'ref', ...FAST);
  assertOk(r, 'reference');
  goodWeights = readFileSync(path.join(dir, 'ref/weights.bin')).toString('hex');
});

test('encodings: a UTF-8 BOM is stripped, UTF-16 LE/BE with a BOM is decoded, CRLF is fine: same model', () => {
  const text = eventsCsv();
  const utf16be = (s: string) => {
    const le = Buffer.from(s, 'utf16le');
    for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
    return le;
  };
  const cat16le = write(dir, 'cat-utf16le.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(catalogCsv(), 'utf16le')]));
  const variants: [string, Uint8Array, string][] = [
    ['bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), catalog],
    ['utf16le.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), cat16le],
    ['utf16be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]), catalog],
    ['crlf.csv', Buffer.from(text.replace(/\n/g, '\r\n')), catalog],
  ];
  for (const [name, bytes, cat] of variants) {
    write(dir, name, bytes);
    const out = `enc-${name}`;
    const r = cli('train', '--events', name, '--catalog', cat, '--out', out, ...FAST);
    assertOk(r, name);
    assert.equal(readFileSync(path.join(dir, out, 'weights.bin')).toString('hex'), goodWeights, `${name}: same weights as UTF-8`);
  }
});

test('invalid UTF-8 is refused with the file and line, never replaced (distinct ids would merge)', () => {
  const head = Buffer.from('session,item,time\ns1,a,1569888000\n');
  const cases: [string, Buffer, number][] = [
    ['latin1.csv', Buffer.concat([head, Buffer.from('s1,caf'), Buffer.from([0xe9]), Buffer.from(',1569888001\n'), Buffer.from('s1,caf'), Buffer.from([0xe8]), Buffer.from(',1569888002\n')]), 3],
    ['truncated.csv', Buffer.concat([head, Buffer.from('s1,b,1569888001\ns1,x'), Buffer.from([0xe2, 0x82]), Buffer.from(',1569888002\n')]), 4],
    ['overlong.csv', Buffer.concat([head, Buffer.from('s1,'), Buffer.from([0xc0, 0xaf]), Buffer.from(',1569888001\n')]), 3],
    ['continuation.csv', Buffer.concat([head, Buffer.from([0x80]), Buffer.from('s2,a,1569888001\n')]), 3],
  ];
  // past the first read chunk (1 MiB): the line count carries across chunks
  const many = Array.from({ length: 40_000 }, (_, k) => `s${k},i${k % 50},${1569888000 + k}`).join('\n') + '\n';
  cases.push(['late.csv', Buffer.concat([head, Buffer.from(many), Buffer.from('s9,'), Buffer.from([0xff]), Buffer.from(',1569888001\n')]), 40_003]);
  for (const [name, bytes, line] of cases) {
    write(dir, name, bytes);
    assertRefused(train(name), { file: name, line, says: /not valid UTF-8.*(save|convert)/i }, name);
  }
  // the catalog and the eval files go through the same reader
  assertRefused(train(good, '--catalog', 'latin1.csv'), { file: 'latin1.csv', line: 3, says: /not valid UTF-8/ }, 'catalog');
  assertRefused(cli('eval', '--model', 'ref', '--train', good, '--test', 'truncated.csv', '--cache', 'cache'), { file: 'truncated.csv', line: 4, says: /not valid UTF-8/ }, 'eval --test');
});

test('UTF-16 without a byte-order mark, broken UTF-16 and UTF-32 are refused with what to do', () => {
  const text = 'session,item,time\ns1,a,1569888000\ns1,b,1569888001\n';
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.from(le);
  for (let i = 0; i < be.length; i += 2) [be[i], be[i + 1]] = [be[i + 1], be[i]];
  const lone = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('session,item,time\ns1,a,1569888000\ns1,', 'utf16le'), Buffer.from([0x00, 0xd8]), Buffer.from(',1569888001\n', 'utf16le')]);
  const odd = Buffer.concat([Buffer.from([0xff, 0xfe]), le, Buffer.from([0x41])]);
  const cases: [string, Buffer, RegExp, number?][] = [
    ['nobom-le.csv', le, /UTF-16.*byte-order mark.*UTF-8/],
    ['nobom-be.csv', be, /UTF-16.*byte-order mark.*UTF-8/],
    ['lone-surrogate.csv', lone, /not valid UTF-16.*UTF-8/, 3],
    ['odd-length.csv', odd, /not valid UTF-16.*UTF-8/, 4],
    ['utf32.csv', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from('s\0\0\0')]), /UTF-32.*UTF-8/],
  ];
  for (const [name, bytes, says, line] of cases) {
    write(dir, name, bytes);
    assertRefused(train(name), { file: name, line, says }, name);
  }
});

test('an unterminated quote names the line where it opened and never buffers the file as one field', () => {
  const rows = (n: number, from = 0) => Array.from({ length: n }, (_, k) => `s${k + from},i${k % 9},${1569888000 + k}`).join('\n') + '\n';
  const big = 'session,item,time\n' + rows(3) + 's3,"i1,1569888010\n' + rows(150_000, 4); // ~4 MB after the stray quote
  const cases: [string, string, number][] = [
    ['quote-small.csv', 'session,item,time\ns1,a,1569888000\ns1,"b,1569888001\ns1,c,1569888002\n', 3],
    ['quote-last.csv', 'session,item,time\ns1,a,1569888000\ns1,b,1569888001\ns2,c,"1569888002\n', 4],
    ['quote-big.csv', big, 5],
    ['quote-header.csv', '"session,item,time\ns1,a,1569888000\n', 1],
  ];
  for (const [name, text, line] of cases) {
    write(dir, name, text);
    const r = train(name);
    assertRefused(r, { file: name, line, says: /quote.*(opened|open).*(close|remove)/i }, name);
    assert.ok(r.stderr.length < 400, 'no dump of the file');
  }
  write(dir, 'quote-catalog.csv', 'item,title,price\ni1,"Shoe, trail,12\ni2,Boot,30\n');
  assertRefused(train(good, '--catalog', 'quote-catalog.csv'), { file: 'quote-catalog.csv', line: 2, says: /quote/ }, 'catalog');
});

test('a line longer than the field cap (no quotes at all) is refused with its line', () => {
  write(dir, 'long-line.csv', 'session,item,time\ns1,a,1569888000\ns1,' + 'x'.repeat(3 << 20) + ',1569888001\n');
  assertRefused(train('long-line.csv'), { file: 'long-line.csv', line: 3, says: /longer than .*MiB/ }, 'long row');
  write(dir, 'long-header.csv', 'y'.repeat(3 << 20));
  assertRefused(train('long-header.csv'), { file: 'long-header.csv', line: 1, says: /longer than .*MiB/ }, 'long header');
});

test('empty and header-only inputs: "no events", non-zero, never a table of zeros', () => {
  write(dir, 'empty.csv', '');
  write(dir, 'blank.csv', '\n\n\r\n');
  write(dir, 'header.csv', 'session,item,time,type\n');
  write(dir, 'header-nonl.csv', 'session,item,time');
  const single = write(dir, 'single.csv', 'session,item,time\ns1,a,1569888000\ns2,b,1569888001\ns3,a,1569888002\n');
  for (const f of ['empty.csv', 'blank.csv']) assertRefused(train(f), { file: f, says: /empty.*header row/ }, f);
  for (const f of ['header.csv', 'header-nonl.csv']) assertRefused(train(f), { file: f, says: /no events.*add .*rows/ }, f);
  assertRefused(train(single), { file: single, says: /no session has 2 or more events/ }, 'train: single events');
  for (const f of ['empty.csv', 'header.csv']) {
    assertRefused(cli('eval', '--model', 'ref', '--train', good, '--test', f, '--cache', 'cache'), { file: f, says: /empty|no events/ }, `eval --test ${f}`);
    assertRefused(cli('eval', '--model', 'ref', '--train', f, '--test', good, '--cache', 'cache'), { file: f, says: /empty|no events/ }, `eval --train ${f}`);
  }
  assertRefused(cli('eval', '--model', 'ref', '--train', good, '--test', single, '--cache', 'cache'), { file: single, says: /nothing to predict/ }, 'eval: single events');
  write(dir, 'cat-header.csv', 'item,title,price\n');
  assertRefused(train(good, '--catalog', 'cat-header.csv'), { file: 'cat-header.csv', says: /no items/ }, 'catalog header only');
  write(dir, 'rees-header.csv', 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n');
  assertRefused(cli('data', 'rees46', '--in', 'rees-header.csv', '--out', 'prep'), { file: 'rees-header.csv', says: /no events/ }, 'data: header only');
  assertRefused(cli('data', 'rees46', '--in', 'header.csv', '--out', 'prep'), { file: 'header.csv', says: /no "event_time" column.*REES46/ }, 'data: not a REES46 export');
});

test('timestamps: negative, non-finite, before 1990, far future and unparseable ISO are refused with the reason', () => {
  const bad = ['-5', 'Infinity', 'NaN', '1e400', '1569888000000', '100', '2019-13-01 00:00:00', '2019-02-30T00:00:00Z', '0001-01-01T00:00:00Z', '9999-12-31T00:00:00Z', 'yesterday'];
  bad.forEach((t, k) => {
    const name = write(dir, `time-${k}.csv`, `session,item,time\ns1,a,${t}\ns1,b,${t}\ns2,c,${t}\n`);
    assertRefused(train(name), { file: name, line: 2, says: /no events.*skipped.*time.*(1990|unix seconds|ISO-8601)/ }, t);
  });
  const ms = write(dir, 'time-ms.csv', 'session,item,time\ns1,a,1569888000000\ns1,b,1569888001000\n');
  assertRefused(train(ms), { file: ms, line: 2, says: /milliseconds.*divide by 1000/ }, 'milliseconds');
});

test('timestamps: a few bad rows are skipped with one counted warning naming the first; a majority is refused', () => {
  const lines = eventsCsv().trim().split('\n');
  lines[5] = 's1,i2,-1569888000,view'; // line 6
  lines[30] = 's7,i3,2019-02-30T00:00:00Z,view';
  const name = write(dir, 'some-bad.csv', lines.join('\n') + '\n');
  const r = train(name);
  assertOk(r, 'some bad');
  const warnings = r.stderr.split('\n').filter((l) => /^warning:/.test(l));
  assert.equal(warnings.length, 1, r.stderr);
  assert.match(warnings[0], /some-bad\.csv:6: skipped 2 of 80 rows.*time "-1569888000" is negative/);
  const most = eventsCsv().trim().split('\n').map((l, k) => (k > 0 && k % 4 !== 0 ? l.replace(/,15698\d+,/, ',-1,') : l));
  const majority = write(dir, 'mostly-bad.csv', most.join('\n') + '\n');
  assertRefused(train(majority), { file: majority, line: 2, says: /60 of 80 rows were skipped.*--time-col/ }, 'majority');
});

test('--out: a non-empty folder is refused unless --force; a file or a path through a file is refused; all before training', () => {
  mkdirSync(path.join(dir, 'other'), { recursive: true });
  write(dir, 'other/notes.txt', 'mine');
  for (const out of ['ref', 'other']) {
    const r = cli('train', '--events', good, '--out', out, ...FAST);
    assertRefused(r, { file: out, says: /not empty.*--force/ }, out);
  }
  assert.equal(readFileSync(path.join(dir, 'other/notes.txt'), 'utf8'), 'mine');
  assert.equal(readFileSync(path.join(dir, 'ref/weights.bin')).toString('hex'), goodWeights, 'the model was not touched');
  assertRefused(cli('train', '--events', good, '--out', good, ...FAST), { file: good, says: /not a folder/ }, 'out is a file');
  assertRefused(cli('train', '--events', good, '--out', `${good}/model`, ...FAST), { file: good, says: /not a folder/ }, 'out under a file');
  // the check comes before reading the events: a broken events file is not even opened
  assertRefused(cli('train', '--events', 'quote-small.csv', '--out', 'other', ...FAST), { file: 'other', says: /--force/ }, 'before reading');
  // --force writes over it
  const before = JSON.parse(readFileSync(path.join(dir, 'ref/manifest.json'), 'utf8')).createdAt;
  assertOk(cli('train', '--events', good, '--catalog', catalog, '--out', 'ref', '--force', ...FAST), '--force');
  assert.notEqual(JSON.parse(readFileSync(path.join(dir, 'ref/manifest.json'), 'utf8')).createdAt, before);
});

test('unwritable --out, --cache and --json: "cannot write to DIR: permission denied", before any work', () => {
  const ro = path.join(dir, 'ro');
  mkdirSync(ro, { recursive: true });
  chmodSync(ro, 0o555);
  // root ignores permissions: run the CLI as nobody then (the scratch folder is world-readable)
  const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const run = (...args: string[]) => runCli(dir, args, asUser);
  mkdirSync(path.join(dir, 'free'), { recursive: true });
  chmodSync(path.join(dir, 'free'), 0o777);
  const cases: [string[], string][] = [
    [['train', '--events', good, '--out', 'ro', ...FAST], 'ro'],
    [['train', '--events', good, '--out', 'ro/model', ...FAST], 'ro/model'],
    [['train', '--events', good, '--out', 'free/m1', '--quiet', '--epochs', '1', '--cache', 'ro/cache'], 'ro/cache'],
    [['eval', '--model', 'ref', '--train', good, '--test', good, '--json', 'ro/eval.json', '--cache', 'cache'], 'ro'],
  ];
  for (const [args, file] of cases) assertRefused(run(...args), { file, says: new RegExp(`cannot write to ${file}\\S*: permission denied`) }, args.join(' '));
  // an input file the user cannot read
  write(dir, 'secret.csv', eventsCsv());
  chmodSync(path.join(dir, 'secret.csv'), 0o000);
  assertRefused(run('train', '--events', 'secret.csv', '--out', 'free/m2', '--quiet', '--cache', 'free/cache'), { file: 'secret.csv', says: /cannot read: permission denied/ }, 'unreadable input');
  assert.equal(existsSync(path.join(dir, 'free/m2')), false, 'no model folder left behind');
  assert.equal(existsSync(path.join(dir, 'free/m1')), false, 'no half-made model folder left behind');
  chmodSync(ro, 0o755);
});

const NUMERIC_FLAGS = ['epochs', 'dim', 'buckets', 'seed', 'lr', 'batch', 'half-life', 'history-length'];

test('every numeric train flag refuses NaN, negative, absurd, hex and empty values with its valid range', () => {
  for (const flag of NUMERIC_FLAGS)
    for (const value of ['NaN', '-1', '1e12', '0x10', 'Infinity', '']) {
      const r = cli('train', '--events', good, '--out', 'never', `--${flag}=${value}`);
      assertRefused(r, { says: new RegExp(`--${flag}\\b.*from -?[\\d.]+ to [\\d.,]+.*"${value.replace('+', '\\+')}"|--${flag}.*empty`) }, `--${flag} ${value}`);
    }
  // a value too big for memory together with another flag
  assertRefused(cli('train', '--events', good, '--out', 'never', '--buckets', '4000000', '--dim', '1024'), { says: /--buckets.*--dim.*lower/ }, 'buckets x dim');
  assert.equal(existsSync(path.join(dir, 'never')), false, 'refused before creating --out');
});

test('flags: a flag without its value, an unknown flag, a stray argument, a repeated flag', () => {
  const cases: [string[], RegExp][] = [
    [['train', '--events', good, '--out'], /--out needs a value/],
    [['train', '--events', '--out', 'x'], /--events needs a value/],
    [['train', '--events', good, '--out', 'x', '--epochs'], /--epochs needs a value/],
    [['eval', '--model', 'ref', '--train', good, '--test'], /--test needs a value/],
    [['data', 'rees46', '--in', '--out', 'x'], /--in needs a value/],
    [['train', '--events', good, '--out', 'x', '--epoch', '3'], /unknown flag --epoch.*did you mean --epochs/],
    [['eval', '--model', 'ref', '--train', good, '--test', good, '--jsn', 'x.json'], /unknown flag --jsn.*did you mean --json/],
    [['data', 'rees46', '--in', good, '--out', 'x', '--bogus'], /unknown flag --bogus/],
    [['train', 'events.csv', '--out', 'x'], /unexpected argument "events\.csv"/],
    [['train', '--events', good, '--out', 'x', '--epochs', '2', '--epochs', '3'], /--epochs given twice/],
    [['train', '--events', good, '--out', 'x', '--quiet=yes'], /--quiet takes no value/],
    [['data', 'kaggle', '--in', good, '--out', 'x'], /unknown source "kaggle".*rees46/],
    [['trian'], /unknown command "trian".*did you mean train/],
  ];
  for (const [args, says] of cases) {
    const r = cli(...args);
    assertRefused(r, { says }, args.join(' '));
    assert.equal(r.status, 2, 'usage errors exit 2');
  }
});

test('missing files, folders and binary files as input', () => {
  mkdirSync(path.join(dir, 'a-folder'), { recursive: true });
  write(dir, 'sheet.xlsx', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]));
  write(dir, 'data.parquet', Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(200, 1)]));
  write(dir, 'image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
  write(dir, 'nul.csv', 'session,item,time\ns1,a\0b,1569888000\n');
  write(dir, 'cr-only.csv', eventsCsv().replace(/\n/g, '\r'));
  write(dir, 'cr-only-big.csv', eventsCsv({ sessions: 40_000 }).replace(/\n/g, '\r'));
  const cases: [string[], string, RegExp, number?][] = [
    [['train', '--events', 'nope.csv', '--out', 'x'], 'nope.csv', /no such file.*--events/],
    [['train', '--events', good, '--catalog', 'nope.csv', '--out', 'x'], 'nope.csv', /no such file.*--catalog/],
    [['train', '--events', good, '--test', 'nope.csv', '--out', 'x'], 'nope.csv', /no such file.*--test/],
    [['eval', '--model', 'nope', '--train', good, '--test', good], 'nope', /no such (file|folder).*--model/],
    [['data', 'rees46', '--in', 'nope.csv', '--out', 'x'], 'nope.csv', /no such file.*--in/],
    [['train', '--events', 'a-folder', '--out', 'x'], 'a-folder', /folder with no part files.*--events/],
    [['train', '--events', good, '--catalog', 'a-folder', '--out', 'x'], 'a-folder', /folder, not a file.*--catalog/],
    [['eval', '--model', 'ref', '--train', good, '--test', 'a-folder'], 'a-folder', /folder, not a file.*--test/],
    [['train', '--events', 'sheet.xlsx', '--out', 'x'], 'sheet.xlsx', /zip.*CSV/],
    [['train', '--events', 'data.parquet', '--out', 'x'], 'data.parquet', /not a readable Parquet file/],
    [['train', '--events', 'image.png', '--out', 'x'], 'image.png', /binary.*CSV/],
    [['train', '--events', 'nul.csv', '--out', 'x'], 'nul.csv', /NUL.*binary.*CSV/, 2],
    [['eval', '--model', good, '--train', good, '--test', good], good, /not a model folder|not a folder/],
    [['eval', '--model', 'a-folder', '--train', good, '--test', good], 'a-folder', /no manifest\.json/],
    [['eval', '--model', 'ref', '--train', good, '--test', good, '--json', 'a-folder', '--cache', 'cache'], 'a-folder', /folder, not a file.*--json/],
    [['train', '--events', good, '--out', 'x', '--cache', good], good, /not a folder.*--cache/],
    [['train', '--events', 'cr-only.csv', '--out', 'x'], 'cr-only.csv', /CR only.*LF/, 1],
    [['train', '--events', 'cr-only-big.csv', '--out', 'x'], 'cr-only-big.csv', /CR only.*LF/, 1],
  ];
  for (const [args, file, says, line] of cases) assertRefused(cli(...args), { file, line, says }, args.join(' '));
  mkdirSync(path.join(dir, 'broken-model'), { recursive: true });
  write(dir, 'broken-model/manifest.json', '{"format": "vitrine-model", ');
  assertRefused(cli('eval', '--model', 'broken-model', '--train', good, '--test', good), { file: 'broken-model/manifest.json', says: /not valid JSON/ }, 'broken manifest');
});

test('--debug (or VITRINE_DEBUG=1) adds the stack trace; without it there is none', () => {
  const r = cli('--debug', 'train', '--events', 'nope.csv', '--out', 'x');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr.split('\n')[0], /^vitrine: nope\.csv: no such file/);
  assert.match(r.stderr, /^\s+at /m);
  const e = runCli(dir, ['train', '--events', 'nope.csv', '--out', 'x'], { env: { ...process.env, VITRINE_DEBUG: '1' } });
  assert.match(e.stderr, /^\s+at /m);
});
