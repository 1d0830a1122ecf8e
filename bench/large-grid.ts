/**
 * A 5,000-item grid: guardrails in Node before (the quadratic implementation, read from
 * git) and after, then in headless Chromium the reorder time and the longest long task
 * of the SDK, from a Chromium trace (budget: none over 50 ms), at full speed and with the
 * CPU throttled 4x, and a returning shopper's first view under the default anti-flicker
 * budget. Part of `npm run bench`; `tsx bench/large-grid.ts` runs it alone and rewrites
 * only its own block of BENCHMARKS.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../test/support/browser';
import { startServer } from '../test/support/server';
import { largeGridItems, renderLargeGridPage, returningShopper } from '../test/support/large-grid';
import { traceLongTasks, type LongTask } from '../test/support/long-tasks';
import { applyGuardrails } from '../src/rank/guardrails';
import { writeBlock } from './markdown-block';
import { finalOrder } from '../src/rank/order';
import { orderOptionsFor, type OrderSettings } from '../src/rank/rules';

const N = 5000;
/** The last commit with the quadratic guardrails (filters and a sort per slot). */
const BEFORE = '795468d';
const BUDGET_MS = 50;

type Guardrailer = typeof applyGuardrails;
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

/** The guardrails of `BEFORE`, from git (null without the history). */
async function guardrailsBefore(root: string): Promise<Guardrailer | null> {
  try {
    const source = execFileSync('git', ['show', `${BEFORE}:src/rank/guardrails.ts`], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'vitrine-before-')), 'guardrails.ts');
    writeFileSync(file, source);
    return ((await import(pathToFileURL(file).href)) as { applyGuardrails: Guardrailer }).applyGuardrails;
  } catch {
    return null;
  }
}

/** Milliseconds of one call of the guardrails on the 5,000 items (median of `runs`). */
function timeGuardrails(apply: Guardrailer, settings: OrderSettings, runs: number): number {
  const items = largeGridItems(N, { pinEvery: 100, oosEvery: 9 }).map((it) => ({ ...it, pinned: it.pinned, outOfStock: it.oos }));
  const o = orderOptionsFor(settings, items);
  const scores = items.map((_, i) => (Math.sin(i * 12.9898) * 43758.5453) % 1);
  // the order the blend asks for (the guardrails with pins alone keep it)
  const desired = finalOrder(scores, { blend: settings.blend, pinned: o.pinned }).filter((i) => !o.pinned![i]);
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    apply(N, desired, o);
    times.push(performance.now() - t);
  }
  return median(times);
}

interface BrowserRun {
  ms: number;
  sdkLongest: number;
  anyLongest: number;
}

const longest = (tasks: LongTask[], sdk: boolean) => Math.max(0, ...tasks.filter((t) => !sdk || t.sdk).map((t) => t.ms));

/** `vitrine.reorder()` of the grid, from the page order each time, `runs` times. */
async function reorderRuns(browser: Browser, page: Page, runs: number): Promise<BrowserRun[]> {
  const out: BrowserRun[] = [];
  for (let r = 0; r < runs; r++) {
    await page.evaluate(() => (window as any).vitrine.restore());
    await page.waitForTimeout(500); // the page order's own layout, outside the trace
    let ms = 0;
    const tasks = await traceLongTasks(browser, page, async () => {
      ms = (await page.evaluate(`(async () => { const t = performance.now(); await vitrine.reorder(); return performance.now() - t; })()`)) as number;
      await page.waitForTimeout(400); // the browser's layout of the new order
    });
    out.push({ ms, sdkLongest: longest(tasks, true), anyLongest: longest(tasks, false) });
  }
  return out;
}

/** Reloads of a returning shopper's page: how the first view went. */
async function firstViews(browser: Browser, page: Page, runs: number) {
  const out: (BrowserRun & { outcome: string; hiddenMs: number; probeMs: number })[] = [];
  for (let r = 0; r < runs; r++) {
    const tasks = await traceLongTasks(browser, page, async () => {
      await page.reload();
      await page.waitForFunction(() => (window as any).vitrine?.firstReorder?.(), null, { timeout: 120_000, polling: 100 });
      await page.waitForTimeout(1500);
    });
    const seen = (await page.evaluate(`({ first: vitrine.firstReorder(), hidden: window.__hidden })`)) as { first: { outcome: string; hiddenMs: number; at: number }; hidden: { ms: number }[] };
    out.push({ ms: seen.first.at, outcome: seen.first.outcome, hiddenMs: seen.first.hiddenMs, probeMs: Math.max(0, ...seen.hidden.map((h) => h.ms)), sdkLongest: longest(tasks, true), anyLongest: longest(tasks, false) });
  }
  return out;
}

export async function measureLargeGrid(root: string): Promise<string> {
  const rows: string[] = [];
  let version = '';
  const before = await guardrailsBefore(root);
  for (const [what, settings] of [
    ['pins, out-of-stock (defaults otherwise)', { blend: 0.7, maxDisplacement: null, diversity: null }],
    ['pins, out-of-stock, maxDisplacement 20, diversity category:2:8', { blend: 0.7, maxDisplacement: 20, diversity: { by: 'category', max: 2, window: 8 } }],
  ] as const) {
    const after = timeGuardrails(applyGuardrails, settings as OrderSettings, 9);
    const was = before ? `${fmt(timeGuardrails(before, settings as OrderSettings, 1))} ms` : 'n/a (no git history)';
    rows.push(`| guardrails in Node: ${what} | ${was} | ${fmt(after)} ms | – | – |`);
  }

  const pages = mkdtempSync(path.join(tmpdir(), 'vitrine-large-bench-'));
  writeFileSync(path.join(pages, 'large.html'), renderLargeGridPage({ n: N, pinEvery: 100, oosEvery: 9, title: 'large', scriptSrc: '/vendor/vitrine.iife.js', model: '/models/demo/manifest.json' }));
  const server = await startServer({ '/vendor/': path.join(root, 'dist/browser'), '/models/': path.join(root, 'models'), '/': pages });
  const browser = await launchBrowser();
  version = browser.version();
  const verdict = (ms: number) => (ms === 0 ? `none over ${BUDGET_MS} ms` : `${ms} ms, ${ms <= BUDGET_MS ? 'within' : 'over'}`);
  try {
    for (const rate of [1, 4]) {
      const page = await returningShopper(browser, `${server.url}/large.html`, { probe: false, blur: true });
      const cdp = await page.context().newCDPSession(page);
      if (rate > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      const runs = await reorderRuns(browser, page, rate === 1 ? 7 : 3);
      const sdk = Math.max(...runs.map((r) => r.sdkLongest));
      rows.push(
        `| \`vitrine.reorder()\`${rate > 1 ? `, CPU ×${rate}` : ''} | – | p50 ${fmt(median(runs.map((r) => r.ms)))} ms (${runs.length} runs) | ${verdict(sdk)} (per run: ${runs.map((r) => r.sdkLongest).join(', ')}) | ${Math.max(...runs.map((r) => r.anyLongest))} ms |`,
      );
      await page.context().close();
    }
    const page = await returningShopper(browser, `${server.url}/large.html`, { blur: true });
    const views = await firstViews(browser, page, 3);
    const sdk = Math.max(...views.map((v) => v.sdkLongest));
    rows.push(
      `| returning shopper's first view, anti-flicker 150 ms | – | ${[...new Set(views.map((v) => v.outcome))].join(', ')}; grid hidden ${views.map((v) => v.hiddenMs).join(', ')} ms (SDK), ${views.map((v) => v.probeMs).join(', ')} ms (rAF probe) | ${verdict(sdk)} (per run: ${views.map((v) => v.sdkLongest).join(', ')}) | ${Math.max(...views.map((v) => v.anyLongest))} ms |`,
    );
    await page.context().close();
  } finally {
    await browser.close();
    await server.close();
  }
  return [
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench\` (or \`npx tsx bench/large-grid.ts\`) on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, headless Chromium ${version}; ${N.toLocaleString('en')} items (every 100th pinned, every 9th out of stock), automatic backend. Budget: no long task of the SDK over ${BUDGET_MS} ms.`,
    '',
    `| 5,000-item grid | before (${BEFORE}) | after | longest SDK long task (budget ${BUDGET_MS} ms) | longest long task of any kind |`,
    '|---|---:|---|---|---:|',
    ...rows,
  ].join('\n');
}

/** Rewrites the large-grid block of BENCHMARKS.md. */
export function writeLargeGrid(file: string, block: string): void {
  writeBlock(file, 'large-grid', '## Large grids (`npm run bench`)', block);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const block = await measureLargeGrid(root);
  console.log(block);
  writeLargeGrid(path.join(root, 'BENCHMARKS.md'), block);
}
