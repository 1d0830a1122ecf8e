/**
 * A fake model server for the model-cache tests: a folder "deployed" at /m/ (by page.route on
 * a browser context), with faults per file, ETags, and a log of what the browser asked for.
 * Faults that need a real socket (a body cut off mid-way, an endless body) are served by a
 * small Node server the route hands the request to (`route.continue({ url })`, invisible to the page).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Route } from 'playwright-core';
import { ROOT } from './harness';

/** A model folder: file name -> bytes (manifest.json and every file it lists: model.json, weights.bin, item-to-item.json where the model has one). */
export type Folder = Record<string, Buffer>;

export function folder(name: 'demo' | 'base'): Folder {
  const read = (f: string) => readFileSync(path.join(ROOT, 'models', name, f));
  const manifest = read('manifest.json');
  const files = (JSON.parse(manifest.toString()) as { files: { path: string }[] }).files.map((f) => f.path);
  return { 'manifest.json': manifest, ...Object.fromEntries(files.map((f) => [f, read(f)])) };
}

/** The files a folder's manifest lists (what the browser downloads besides the manifest). */
export const modelFiles = (f: Folder): string[] => Object.keys(f).filter((k) => k !== 'manifest.json');

export const modelVersion = (f: Folder): string => JSON.parse(f['manifest.json'].toString()).modelVersion;
export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
/** The SRI-style pin of a folder's manifest bytes. */
export const pinOf = (f: Folder): string => `sha256-${createHash('sha256').update(f['manifest.json']).digest('base64')}`;

/** What a faulty file answers instead of its bytes. */
export type Fault =
  | { status?: number; body?: Buffer | string; contentType?: string }
  | 'abort' // no response at all (connection refused)
  | 'cut-midway' // 200 with the right content-length, half the body, then the connection is reset
  | 'endless'; // 200 with no content-length and a 64 MiB body

export interface Request {
  path: string;
  ifNoneMatch: string | undefined;
  status: number;
}

export interface ModelHost {
  /** URL path of the manifest, for data-model. */
  readonly manifest: string;
  /** What the server serves now. */
  deployed: Folder;
  /** Per file name: answer this instead. */
  faults: Map<string, Fault>;
  /** Send an ETag and answer If-None-Match with 304. */
  etags: boolean;
  /** Every request the browser made for the folder, in order. */
  readonly requests: Request[];
  /** Bytes the socket server wrote for 'endless' bodies before the browser hung up. */
  readonly endlessWritten: number[];
}

/** The Node server behind 'cut-midway' and 'endless'. One per test file. */
export interface SocketServer {
  url: string;
  serve(id: string, handler: (req: IncomingMessage, res: ServerResponse) => void): void;
  close(): Promise<void>;
}

export async function startSocketServer(): Promise<SocketServer> {
  const handlers = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();
  const server = createServer((req, res) => {
    const handler = handlers.get(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
    if (handler) handler(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    serve: (id, handler) => void handlers.set(id, handler),
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

let nextId = 0;

/** Deploys `initial` at /m/ for every page of `context`. */
export async function hostModel(context: BrowserContext, initial: Folder, sockets: SocketServer): Promise<ModelHost> {
  const host: ModelHost = { manifest: '/m/manifest.json', deployed: initial, faults: new Map(), etags: false, requests: [], endlessWritten: [] };

  const viaSocket = (route: Route, fault: 'cut-midway' | 'endless', body: Buffer) => {
    const id = `s${nextId++}`;
    sockets.serve(id, (_req, res) => {
      if (fault === 'cut-midway') {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) });
        res.write(body.subarray(0, body.length >> 1), () => setTimeout(() => res.socket?.destroy(), 20));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 7);
      let written = 0;
      const record = () => host.endlessWritten.push(written);
      res.on('close', record);
      const pump = () => {
        while (written < 64 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    return route.continue({ url: `${sockets.url}/${id}` });
  };

  await context.route('**/m/**', async (route) => {
    const name = decodeURIComponent(new URL(route.request().url()).pathname.replace(/^\/m\//, ''));
    const ifNoneMatch = (await route.request().allHeaders())['if-none-match'];
    const log = (status: number) => host.requests.push({ path: name, ifNoneMatch, status });
    const fault = host.faults.get(name);
    const body = host.deployed[name];
    if (fault === 'abort') return log(0), route.abort('connectionreset');
    if (fault === 'cut-midway' || fault === 'endless') return log(200), viaSocket(route, fault, body ?? Buffer.alloc(1000));
    if (fault) {
      log(fault.status ?? 200);
      return route.fulfill({ status: fault.status ?? 200, contentType: fault.contentType ?? 'application/octet-stream', body: fault.body ?? '' });
    }
    if (!body) return log(404), route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
    const etag = `"${sha256(body).slice(0, 16)}"`;
    if (host.etags && ifNoneMatch === etag) return log(304), route.fulfill({ status: 304, headers: { etag } });
    log(200);
    const contentType = name.endsWith('.json') ? 'application/json' : 'application/octet-stream';
    return route.fulfill({ status: 200, contentType, body, headers: { 'cache-control': 'no-store', ...(host.etags ? { etag } : {}) } });
  });
  return host;
}
