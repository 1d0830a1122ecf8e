/**
 * `npm run demo`: serves the static demo folder that `npm run demo:build` wrote (build/demo/).
 * Usage: tsx demo/serve.ts [--port 5173] [--dir build/demo]
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../test/support/server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const port = Number(arg('--port') ?? process.env.PORT ?? 5173);
const dir = path.resolve(arg('--dir') ?? path.join(root, 'build/demo'));
if (!existsSync(path.join(dir, 'index.html'))) {
  console.error(`missing ${path.relative(root, dir)}/index.html: run \`npm run demo:build\` first`);
  process.exit(1);
}
const server = await startServer({ '/': dir }, port);
console.log(`Vitrine demo: ${server.url}/  (Ctrl+C to stop)`);
