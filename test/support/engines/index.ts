/**
 * A small engine-neutral browser driver for tests that must run in Chromium, Firefox and WebKit:
 * open a page (fresh profile), evaluate in it, click, navigate, read its console, close. Each
 * engine's file says how it is found and driven; finding is synchronous and cheap (file checks),
 * the driver libraries load only when an engine is launched.
 */
import { after, before, describe } from 'node:test';
import { locateChromium } from './chromium';
import { locateFirefox } from './firefox';
import { locateWebKit } from './webkit';

export type EngineName = 'chromium' | 'firefox' | 'webkit';
export const ENGINE_NAMES: readonly EngineName[] = ['chromium', 'firefox', 'webkit'];

/** What a page printed: the SDK's warnings ("[vitrine] ...") and every error (console errors, uncaught exceptions). */
export interface ConsoleLog {
  warnings: string[];
  errors: string[];
}

/** One tab. Only one page per engine is open at a time (WebKitWebDriver holds one session). */
export interface EnginePage {
  /** Navigates and waits for the `load` event. */
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  /**
   * Runs `fn(arg)` in the page (its source is sent, so it must not use names from this file),
   * or evaluates an expression string; awaits a returned promise; the result comes back through
   * JSON (asJsonExpression), the same in every engine.
   */
  evaluate<T = unknown, A = undefined>(fn: string | ((arg: A) => unknown), arg?: A): Promise<T>;
  /** A real (trusted) click at the centre of the first element matching `selector`. */
  click(selector: string): Promise<void>;
  /** Everything logged since the page was opened, over all its loads. */
  log(): Promise<ConsoleLog>;
  close(): Promise<void>;
}

export interface Engine {
  name: EngineName;
  /** Browser and driver, in words ("firefox 153.0 (/usr/bin/firefox-esr, WebDriver BiDi via puppeteer-core)"). */
  description: string;
  /** A new page in a fresh profile (its own IndexedDB, Cache API and HTTP cache), at `url`. */
  open(url: string): Promise<EnginePage>;
  close(): Promise<void>;
}

/** An engine found on this machine (`launch` starts it), or why none was. */
export type Located = { name: EngineName; launch(): Promise<Engine> } | { name: EngineName; missing: string };

export function locate(name: EngineName): Located {
  const found = name === 'chromium' ? locateChromium() : name === 'firefox' ? locateFirefox() : locateWebKit();
  return typeof found === 'string' ? { name, missing: found } : { name, launch: found };
}

/** `[vitrine]`-prefixed messages are the SDK's; the engines' own warnings are left out. */
const isSdkWarning = (text: string): boolean => text.startsWith('[vitrine]');

/** What Playwright's and puppeteer's pages have in common, as far as EnginePage needs it. */
interface ScriptedPage {
  goto(url: string): Promise<unknown>;
  reload(): Promise<unknown>;
  evaluate(expression: string): Promise<unknown>;
  click(selector: string): Promise<void>;
  on(event: 'console', listener: (message: { type(): string; text(): string }) => void): unknown;
  on(event: 'pageerror', listener: (error: Error) => void): unknown;
}

/**
 * An Engine over a browser whose contexts are fresh profiles (Playwright's `newContext()`,
 * puppeteer's `createBrowserContext()`, a Firefox user context): one context per page.
 */
export function contextEngine(
  name: EngineName,
  description: string,
  newContext: () => Promise<{ newPage(): Promise<unknown>; close(): Promise<void> }>,
  close: () => Promise<void>,
): Engine {
  return {
    name,
    description,
    async open(url) {
      const context = await newContext();
      const page = adaptPage((await context.newPage()) as ScriptedPage, () => context.close());
      await page.goto(url);
      return page;
    },
    close,
  };
}

/** EnginePage over a Playwright or puppeteer page; `close` ends its profile (context). */
function adaptPage(page: ScriptedPage, close: () => Promise<void>): EnginePage {
  const log: ConsoleLog = { warnings: [], errors: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') log.errors.push(m.text());
    // Playwright says 'warning', puppeteer 'warn'
    if ((m.type() === 'warning' || m.type() === 'warn') && isSdkWarning(m.text())) log.warnings.push(m.text());
  });
  page.on('pageerror', (e) => log.errors.push(`pageerror: ${e?.message ?? e}`));
  return {
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    evaluate: async (fn, arg) => fromJson(await page.evaluate(asJsonExpression(fn, arg))),
    click: (selector) => page.click(selector),
    log: async () => ({ warnings: [...log.warnings], errors: [...log.errors] }),
    close,
  };
}

/**
 * Records console warnings, errors and uncaught errors in `window.__engineLog`, for engines
 * whose driver cannot listen to the console (WebKitWebDriver 2.50 has no BiDi). Pages opened
 * through that driver must carry it in a `<script>` at the top of `<head>`.
 */
export const CONSOLE_RECORDER = `
window.__engineLog = { warnings: [], errors: [] };
(function () {
  // the same filter as isSdkWarning
  var log = window.__engineLog, warn = console.warn, error = console.error;
  var text = function (args) { return Array.prototype.map.call(args, String).join(' '); };
  console.warn = function () { var t = text(arguments); if (t.indexOf('[vitrine]') === 0) log.warnings.push(t); return warn.apply(this, arguments); };
  console.error = function () { log.errors.push(text(arguments)); return error.apply(this, arguments); };
  addEventListener('error', function (e) { log.errors.push('pageerror: ' + e.message); });
  addEventListener('unhandledrejection', function (e) { log.errors.push('pageerror: ' + (e.reason && e.reason.message || e.reason)); });
})();`;

/**
 * One in-page expression for `evaluate(fn, arg)` whose value is the JSON text of the result (or
 * undefined), so that every driver returns the same plain data: drivers differ on shared
 * references, Dates, undefined inside objects. The caller parses it with `fromJson`.
 */
export const asJsonExpression = (fn: string | ((arg: never) => unknown), arg?: unknown): string =>
  `(async () => { const v = await (${typeof fn === 'string' ? fn : `(${fn})(${JSON.stringify(arg) ?? 'undefined'})`}); return v === undefined ? undefined : JSON.stringify(v); })()`;
export const fromJson = <T>(text: unknown): T => (typeof text === 'string' ? JSON.parse(text) : undefined) as T;

/** Polls `fn` in the page every 50 ms until it returns a truthy value, which is returned; throws after `timeout` ms naming `what`. */
export async function waitFor<T = unknown, A = undefined>(page: EnginePage, what: string, fn: string | ((arg: A) => unknown), arg?: A, timeout = 20_000): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await page.evaluate<T, A>(fn, arg);
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Under CI every engine must be there; on a developer machine a missing one is skipped. */
export const engineRequired = (): boolean => !!process.env.CI && process.env.CI !== 'false';

/**
 * One `describe` per engine (ENGINES=firefox,webkit runs only those), its engine launched
 * before its tests (one line names it) and closed after. A missing engine is skipped with one
 * line, or fails under CI. `body` declares the tests, opening pages with `open`.
 */
export function describeEngines(body: (open: (url: string) => Promise<EnginePage>, name: EngineName) => void, limit = { timeout: 120_000 }): void {
  const chosen = process.env.ENGINES ? ENGINE_NAMES.filter((n) => process.env.ENGINES!.split(',').includes(n)) : ENGINE_NAMES;
  for (const name of chosen) {
    const found = locate(name);
    if ('missing' in found && !engineRequired()) {
      describe(name, { skip: found.missing }, () => {});
      continue;
    }
    describe(name, () => {
      let engine: Engine | undefined;
      before(async () => {
        if ('missing' in found) throw new Error(`${name} is required under CI: ${found.missing}`);
        engine = await found.launch();
        console.log(`# ${name}: ${engine.description}`);
      }, limit);
      after(() => engine?.close());
      body((url) => engine!.open(url), name);
    });
  }
}
