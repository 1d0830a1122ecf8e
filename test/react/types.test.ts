import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');

function tsc(project: string): void {
  try {
    execFileSync(process.execPath, [TSC, '-p', project], { stdio: 'pipe', encoding: 'utf8' });
  } catch (error) {
    throw new Error(`tsc found errors (is dist/types built? \`npm run build\`):\n${(error as { stdout?: string }).stdout ?? error}`);
  }
}

test('the built vitrine/react declarations type-check the storefront fixture (strict, JSX, no skipLibCheck)', () => {
  tsc(path.join(import.meta.dirname, 'fixture/tsconfig.json'));
});

/**
 * A consumer project with the package installed as npm would (package.json and dist/types copied
 * into its node_modules/vitrine; react's and the dependencies' types found further up, in this
 * repository's node_modules), checked with skipLibCheck false under each module resolution.
 */
const modes: Record<string, Record<string, unknown>> = {
  bundler: { module: 'esnext', moduleResolution: 'bundler' },
  node16: { module: 'node16', moduleResolution: 'node16' },
  nodenext: { module: 'nodenext', moduleResolution: 'nodenext' },
  'node (node10)': { module: 'esnext', moduleResolution: 'node', ignoreDeprecations: '6.0' },
};
const consumer = path.join(ROOT, 'node_modules/.cache/vitrine-types');
rmSync(consumer, { recursive: true, force: true });
const installed = path.join(consumer, 'node_modules/vitrine');
mkdirSync(installed, { recursive: true });
cpSync(path.join(ROOT, 'package.json'), path.join(installed, 'package.json'));
cpSync(path.join(ROOT, 'dist/types'), path.join(installed, 'dist/types'), { recursive: true });
cpSync(path.join(import.meta.dirname, 'types'), consumer, { recursive: true });

for (const [name, resolution] of Object.entries(modes)) {
  test(`types of vitrine and vitrine/react under moduleResolution ${name}, skipLibCheck false: the hooks keep their types`, () => {
    const config = path.join(consumer, `tsconfig.${name.split(' ')[0]}.json`);
    const compilerOptions = { ...resolution, target: 'es2022', jsx: 'react-jsx', strict: true, noEmit: true, skipLibCheck: false, lib: ['es2022', 'dom', 'dom.iterable'], types: [] };
    writeFileSync(config, JSON.stringify({ compilerOptions, files: ['consumer.tsx'] }, null, 2));
    tsc(config);
  });
}
