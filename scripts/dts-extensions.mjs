// Adds the file extension to every relative import of the emitted declarations (dist/types), so
// they resolve under `moduleResolution: node16 / nodenext` (ESM needs full paths: TS2834 without
// them) as well as `bundler` and `node`. `./x` becomes `./x.js` (x.d.ts) or `./x/index.js`.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(process.argv[2] ?? 'dist/types');
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]*)\2/g;

function* declarations(dir) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* declarations(full);
    else if (name.endsWith('.d.ts')) yield full;
  }
}

let changed = 0;
for (const file of declarations(root)) {
  const dir = path.dirname(file);
  const text = readFileSync(file, 'utf8');
  const out = text.replace(SPECIFIER, (all, lead, quote, spec) => {
    if (/\.(js|mjs|cjs|json)$/.test(spec)) return all;
    const target = path.resolve(dir, spec);
    const to = existsSync(`${target}.d.ts`) ? `${spec}.js` : existsSync(path.join(target, 'index.d.ts')) ? `${spec.replace(/\/$/, '')}/index.js` : null;
    if (!to) throw new Error(`${path.relative(root, file)}: cannot resolve the declaration of ${spec}`);
    changed++;
    return `${lead}${quote}${to}${quote}`;
  });
  if (out !== text) writeFileSync(file, out);
}
console.log(`dts-extensions: ${changed} relative imports given their extension under ${path.relative(process.cwd(), root)}`);
