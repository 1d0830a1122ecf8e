import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Model files and tfjs's .wasm: cached for a day; manifest.json is revalidated (the SDK checks it for a new model). */
const DAY = 'public, max-age=86400';

/** @type {import('next').NextConfig} */
export default {
  // this folder is the app (the repository above it has a lockfile of its own)
  turbopack: { root: here },
  outputFileTracingRoot: here,
  // test/react/next.test.ts checks the fixture's types in its first build only (they do not depend on the bundler)
  typescript: { ignoreBuildErrors: process.env.VITRINE_FIXTURE_SKIP_TYPECHECK === '1' },
  async headers() {
    return [
      { source: '/models/:path*', headers: [{ key: 'Cache-Control', value: DAY }] },
      { source: '/models/:name/manifest.json', headers: [{ key: 'Cache-Control', value: 'no-cache' }] },
      { source: '/tfjs/:file*', headers: [{ key: 'Cache-Control', value: DAY }] },
    ];
  },
};
