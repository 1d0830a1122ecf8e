import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

test('the built vitrine/react declarations type-check the storefront fixture (strict, JSX, no skipLibCheck)', () => {
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(import.meta.dirname, 'fixture/tsconfig.json')], { stdio: 'pipe', encoding: 'utf8' });
  } catch (error) {
    throw new Error(`tsc found errors (is dist/types built? \`npm run build\`):\n${(error as { stdout?: string }).stdout ?? error}`);
  }
});
