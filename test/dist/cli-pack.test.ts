import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { ROOT, runCli, scratch, write } from './cli-helpers';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

test('vitrine pack writes only the catalog pack and the manifest entry into a trained model: weights, other files and version untouched', () => {
  const dir = scratch('vitrine-pack-');
  const model = path.join(dir, 'model');
  cpSync(path.join(ROOT, 'models/demo'), model, { recursive: true });
  const manifestFile = path.join(model, 'manifest.json');
  const before = JSON.parse(readFileSync(manifestFile, 'utf8'));
  delete before.catalog;
  writeFileSync(manifestFile, JSON.stringify(before, null, 2) + '\n');
  const weights = sha(readFileSync(path.join(model, 'weights.bin')));
  write(dir, 'events.csv', 'session,item,time,type\ns1,a,1700000000,view\ns1,b,1700000010,add_to_cart\ns1,c,1700000020,add_to_cart\ns2,b,1700000100,add_to_cart\ns2,c,1700000110,add_to_cart\n');
  write(dir, 'catalog.csv', 'item,title,category,brand,price,url\na,Alpha phone,electronics.smartphone,acme,10,/p/alpha-phone\nb,Beta case,electronics.case,acme,5,/p/b\nc,Gamma cable,electronics.cable,zeta,3,javascript:alert(1)\n');
  const run = runCli(dir, ['pack', '--model', model, '--events', path.join(dir, 'events.csv'), '--catalog', path.join(dir, 'catalog.csv')]);
  assert.equal(run.status, 0, run.stderr);
  const after = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const pack = readFileSync(path.join(model, 'catalog.json'));
  assert.deepEqual(after.catalog, { path: 'catalog.json', bytes: pack.length, sha256: sha(pack) });
  const { catalog, ...rest } = after;
  assert.deepEqual(rest, before, 'nothing else in the manifest changes');
  assert.equal(sha(readFileSync(path.join(model, 'weights.bin'))), weights);
  const file = JSON.parse(pack.toString('utf8'));
  assert.deepEqual(file.id, ['a', 'b', 'c']);
  assert.equal(file.url[2], null, 'an unsafe URL is left out');
  assert.deepEqual(file.together[0].slice(0, 1), [1], 'b and c were put in the cart together in 2 sessions');
  const bad = runCli(dir, ['pack', '--model', path.join(dir, 'nope'), '--events', path.join(dir, 'events.csv'), '--catalog', path.join(dir, 'catalog.csv')]);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /^vitrine: .*manifest/m);
});
