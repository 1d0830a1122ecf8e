import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

/**
 * Caching as a store's CDN would do it: the SDK's own files (/vendor/) are cacheable for an
 * hour, like any versioned static asset; everything else is revalidated, so the SDK's own
 * model cache is what tests of model requests observe.
 */
const cacheControl = (pathname: string) => (pathname.startsWith('/vendor/') ? 'public, max-age=3600' : 'no-store');

/** A pause in a test page's body (`<!--flush 400-->`): the server sends the page in parts. */
const FLUSH = /<!--flush (\d+)-->/;

/** Types a CDN compresses when the client accepts gzip (the `gzip` option). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.json', '.css', '.svg', '.map', '.md', '.csv']);

export interface ServerOptions {
  /** Cache-Control per path (default: /vendor/ cacheable for an hour, everything else `no-store`). */
  cacheControl?: (pathname: string) => string;
  /** gzip text responses for clients that accept it, as a CDN does (default: off, bodies as on disk). */
  gzip?: boolean;
  /** `Access-Control-Allow-Origin: *` on every response, as a store's asset CDN sends (default: off: same-origin only). */
  cors?: boolean;
}

export interface StaticServer {
  url: string;
  /** Every request's pathname, in order of arrival (tests count downloads with it, in any browser). */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A small static file server for the demo and the browser tests. `mounts` maps URL
 * prefixes to folders, longest prefix first ({ '/dist/': 'dist/browser', '/': 'demo' }).
 */
export async function startServer(mounts: Record<string, string>, port = 0, host = '127.0.0.1', options: ServerOptions = {}): Promise<StaticServer> {
  const policy = options.cacheControl ?? cacheControl;
  const gzipped = new Map<string, Buffer>();
  const table = Object.entries(mounts)
    .map(([prefix, dir]) => [prefix, path.resolve(dir)] as const)
    .sort((a, b) => b[0].length - a[0].length);
  const requests: string[] = [];
  const server: Server = createServer(async (req, res) => {
    try {
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      requests.push(pathname);
      const mount = table.find(([prefix]) => pathname.startsWith(prefix));
      if (!mount) throw Object.assign(new Error('no mount'), { code: 'ENOENT' });
      let file = path.join(mount[1], pathname.slice(mount[0].length));
      if (!file.startsWith(mount[1])) throw Object.assign(new Error('outside'), { code: 'ENOENT' });
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      let body: Buffer = await readFile(file);
      // a test page may carry response headers of its own (a Content-Security-Policy) in FILE.headers.json beside it
      const extra: Record<string, string> = await readFile(`${file}.headers.json`, 'utf8').then((t) => JSON.parse(t) as Record<string, string>, () => ({}));
      if (options.gzip && COMPRESSIBLE.has(path.extname(file)) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
        const key = `${file}:${(await stat(file)).mtimeMs}:${body.length}`;
        if (!gzipped.has(key)) gzipped.set(key, gzipSync(body, { level: 6 }));
        body = gzipped.get(key)!;
        Object.assign(extra, { 'content-encoding': 'gzip', vary: 'accept-encoding' });
      }
      if (options.cors) extra['access-control-allow-origin'] = '*';
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': policy(pathname), ...extra });
      // a test page that arrives in parts: `<!--flush N-->` sends what precedes it, then waits N ms (as a slow network does)
      const parts = extra['content-encoding'] ? [] : body.toString('utf8').split(FLUSH);
      if (parts.length < 3) return void res.end(body);
      for (let i = 0; i < parts.length; i += 2) {
        res.write(parts[i]);
        if (i + 1 < parts.length) await new Promise((r) => setTimeout(r, Number(parts[i + 1])));
      }
      res.end();
    } catch (error) {
      const missing = (error as { code?: string }).code === 'ENOENT' || (error as { code?: string }).code === 'ENOTDIR';
      res.writeHead(missing ? 404 : 500, { 'content-type': 'text/plain' });
      res.end(missing ? 'not found' : 'server error');
    }
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${actualPort}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
