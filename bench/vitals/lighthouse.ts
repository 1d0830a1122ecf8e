/**
 * Lighthouse mobile (its default: simulated Moto G Power, CPU x4, 150 ms RTT, 1.6 Mbps) on
 * the vitals storefront, as a new visitor (Lighthouse starts from empty storage). Lighthouse
 * 12.x is fetched by `npx -y lighthouse@12` at bench time (not a dependency; 13.x needs
 * Node 22); Debian's Chromium with the flags of test/support plus --headless=new.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROMIUM_FLAGS, findChromium } from '../../test/support/browser';
import { underSdk } from './network';

export interface LighthouseRun {
  score: number;
  lcp: number;
  fcp: number;
  tbt: number;
  cls: number;
  /** "Reduce unused JavaScript": bytes it reports in all, and of them in files under the SDK's paths. */
  unusedJs: number;
  unusedJsSdk: number;
  /** Bytes transferred in all, and by the SDK's files. */
  bytes: number;
  sdkBytes: number;
  version: string;
}

interface LhJson {
  lighthouseVersion: string;
  categories: { performance: { score: number } };
  audits: Record<string, { numericValue?: number; details?: { overallSavingsBytes?: number; items?: { url?: string; wastedBytes?: number; transferSize?: number }[] } }>;
}

function run(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npx', args, { env, timeout: timeoutMs, maxBuffer: 64 << 20 }, (error, _stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr: String(stderr) });
    });
  });
}

/**
 * One Lighthouse run; throws with Lighthouse's (or npx's) last words when it could not run
 * (no network for npx, for instance).
 */
export async function lighthouse(url: string, sdkPaths: readonly string[]): Promise<LighthouseRun> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'vitrine-lh-')), 'report.json');
  const flags = [...CHROMIUM_FLAGS, '--headless=new'].join(' ');
  const { code, stderr } = await run(
    ['-y', 'lighthouse@12', url, '--quiet', '--only-categories=performance', '--output=json', `--output-path=${out}`, `--chrome-flags=${flags}`],
    { ...process.env, CHROME_PATH: findChromium() },
    240_000,
  );
  let report: LhJson;
  try {
    report = JSON.parse(readFileSync(out, 'utf8')) as LhJson;
  } catch {
    throw new Error(`lighthouse did not run (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' | ') || 'no output'}`);
  }
  const a = report.audits;
  const isSdk = (u = '') => underSdk(u, sdkPaths);
  const unused = a['unused-javascript']?.details?.items ?? [];
  const network = a['network-requests']?.details?.items ?? [];
  return {
    score: Math.round(report.categories.performance.score * 100),
    lcp: a['largest-contentful-paint']?.numericValue ?? NaN,
    fcp: a['first-contentful-paint']?.numericValue ?? NaN,
    tbt: a['total-blocking-time']?.numericValue ?? NaN,
    cls: a['cumulative-layout-shift']?.numericValue ?? NaN,
    unusedJs: unused.reduce((s, i) => s + (i.wastedBytes ?? 0), 0),
    unusedJsSdk: unused.filter((i) => isSdk(i.url)).reduce((s, i) => s + (i.wastedBytes ?? 0), 0),
    bytes: network.reduce((s, i) => s + (i.transferSize ?? 0), 0),
    sdkBytes: network.filter((i) => isSdk(i.url)).reduce((s, i) => s + (i.transferSize ?? 0), 0),
    version: report.lighthouseVersion,
  };
}
