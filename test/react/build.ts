import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Alias, type InlineConfig } from 'vite';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const FIXTURE = path.join(import.meta.dirname, 'fixture');
export type ReactMajor = 18 | 19;

export interface BuiltStore {
  /** Folder to serve at `/`: the client bundle, with index.html holding the server-rendered markup. */
  client: string;
  /** The server-rendered markup of the storefront (what Node sends before the client hydrates). */
  html: string;
}

for (const need of ['dist/esm/index.mjs', 'dist/esm/react.mjs', 'models/demo/manifest.json']) {
  if (!existsSync(path.join(ROOT, need))) throw new Error(`React tests need ${need}: run \`npm run build\` first (npm test does)`);
}

/**
 * Builds the storefront fixture with Vite's JS API, as an app using the package would be:
 * `vitrine/react` is the built dist/esm/react.mjs, tfjs is bundled from node_modules. For
 * React 18, `react` and `react-dom` are aliased to the `react18` / `react-dom18` packages.
 * Development mode, so React reports hydration mismatches in detail. Then renders the app
 * on the server (a Vite SSR bundle) and puts that markup into the client's index.html.
 * Outputs go under node_modules/.cache so the SSR bundle resolves externals from node_modules.
 */
export async function buildStore(major: ReactMajor): Promise<BuiltStore> {
  const out = path.join(ROOT, 'node_modules/.cache/vitrine-react', `react${major}`);
  const alias: Alias[] = [{ find: /^vitrine\/react$/, replacement: path.join(ROOT, 'dist/esm/react.mjs') }];
  if (major === 18) alias.push({ find: /^react-dom(\/.*)?$/, replacement: 'react-dom18$1' }, { find: /^react(\/.*)?$/, replacement: 'react18$1' });
  const common = (outDir: string): InlineConfig => ({
    root: FIXTURE,
    configFile: false,
    envFile: false,
    logLevel: 'error',
    mode: 'development',
    cacheDir: path.join(out, 'vite-cache'),
    define: { 'process.env.NODE_ENV': JSON.stringify('development') },
    resolve: { alias },
    esbuild: { jsx: 'automatic' },
    build: { outDir, emptyOutDir: true, minify: false, sourcemap: false, reportCompressedSize: false },
  });
  const client = path.join(out, 'client');
  const server = path.join(out, 'server');
  await build(common(client));
  const ssr = common(server);
  await build({
    ...ssr,
    ssr: { noExternal: true },
    build: { ...ssr.build, ssr: 'server.tsx', rollupOptions: { external: [/^@tensorflow\//, 'idb'], output: { entryFileNames: 'server.mjs' } } },
  });
  const { render } = (await import(pathToFileURL(path.join(server, 'server.mjs')).href)) as { render(): string };
  const html = render();
  const page = path.join(client, 'index.html');
  writeFileSync(page, readFileSync(page, 'utf8').replace('<!--app-->', html));
  return { client, html };
}
