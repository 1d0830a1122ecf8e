/**
 * `npm run demo:build`: the demo as a static folder (default build/demo/). Runs the evidence first
 * (demo/make/evidence.ts: the built CLI's `vitrine eval --json` on both shipped datasets and the
 * held-out replay), reusing demo/evidence/ when its recorded inputs match; `--fresh` runs it again;
 * `--check` fails instead of running it when the inputs changed.
 * Usage: tsx demo/build.ts [--out DIR] [--evidence DIR] [--fresh | --check]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeEvidence } from './make/evidence';
import { writeSite } from './make/site';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const flag = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const out = path.resolve(flag('--out') ?? path.join(root, 'build/demo'));
const evidence = path.resolve(flag('--evidence') ?? path.join(root, 'demo/evidence'));
try {
  const t0 = Date.now();
  const ran = await makeEvidence(root, evidence, process.argv.includes('--fresh') ? 'fresh' : process.argv.includes('--check') ? 'check' : 'reuse');
  console.log(ran.length ? `evidence: ran ${ran.join(', ')} into ${path.relative(root, evidence)}/` : `evidence: ${path.relative(root, evidence)}/ matches its inputs (reused; --fresh to run it again)`);
  const site = await writeSite({ root, out, evidence });
  console.log(`demo: ${site.files} files in ${path.relative(root, out) || out}/ (${((Date.now() - t0) / 1000).toFixed(1)} s); serve it with any static server, or npm run demo`);
} catch (error) {
  console.error(`demo:build: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
