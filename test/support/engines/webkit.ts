/**
 * WebKit: Debian's WebKitGTK — WebKitWebDriver (`webkit2gtk-driver`) starting MiniBrowser (from
 * `libwebkit2gtk-4.1-0`) — driven over classic WebDriver with selenium-webdriver, on the
 * machine's display or, without one, under its own `xvfb-run`; else Playwright's own WebKit build.
 * WebKitWebDriver 2.50 has no BiDi: console output is read from CONSOLE_RECORDER in the page.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { webkit } from 'playwright-core';
import type { WebDriver } from 'selenium-webdriver';
import { asJsonExpression, fromJson, type ConsoleLog, type Engine, type EnginePage } from './index';
import { playwrightBuild } from './playwright';

const HOW = 'no WebKit: `sudo apt-get install -y webkit2gtk-driver libwebkit2gtk-4.1-0 xvfb` (Debian), or `npx playwright-core install webkit`';
const LIBS = ['libwebkit2gtk-4.1-0', 'libwebkit2gtk-4.0-37'];

const onPath = (file: string) => (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(`${dir}/${file}`));

/** MiniBrowser ships inside the WebKitGTK library package, off PATH: $MINIBROWSER_PATH, else the package's file list. */
function findMiniBrowser(): string | undefined {
  if (process.env.MINIBROWSER_PATH) return existsSync(process.env.MINIBROWSER_PATH) ? process.env.MINIBROWSER_PATH : undefined;
  for (const pkg of LIBS) {
    try {
      const files = execFileSync('dpkg', ['-L', pkg], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n');
      const found = files.find((f) => f.endsWith('/MiniBrowser') && existsSync(f));
      if (found) return found;
    } catch {
      // not Debian, or the package is not installed
    }
  }
  return undefined;
}

export function locateWebKit(): (() => Promise<Engine>) | string {
  const driver = [process.env.WEBKIT_WEBDRIVER, '/usr/bin/WebKitWebDriver'].find((p): p is string => !!p && existsSync(p));
  const browser = driver && findMiniBrowser();
  const display = !!process.env.DISPLAY || !!process.env.WAYLAND_DISPLAY || onPath('xvfb-run');
  if (driver && browser && display) return () => launchWebDriver(driver, browser);
  const fallback = playwrightBuild('webkit', webkit);
  if (fallback) return fallback;
  if (driver && browser) return `${HOW} (WebKitWebDriver and MiniBrowser found, but no display and no xvfb-run)`;
  return driver ? `${HOW} (WebKitWebDriver found, MiniBrowser not)` : HOW;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/** Starts WebKitWebDriver (under xvfb-run when there is no display) in its own process group, and waits until it answers. */
async function startDriver(driver: string): Promise<{ url: string; process: ChildProcess; headless: boolean; output: () => string }> {
  const port = await freePort();
  const args = [`--port=${port}`];
  const headless = !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  // -a takes the first free display from -n: start away from :99, which other xvfb-runs on the machine take first
  const display = String(100 + (process.pid % 800));
  const child = headless
    ? spawn('xvfb-run', ['-a', '-n', display, '-s', '-screen 0 1280x1024x24', driver, ...args], { detached: true })
    : spawn(driver, args, { detached: true });
  // not left behind when the test process ends, however it ends
  process.once('exit', () => stop(child));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stop(child);
      process.kill(process.pid, signal);
    });
  }
  let output = '';
  child.stdout?.on('data', (d) => (output = (output + d).slice(-2000)));
  child.stderr?.on('data', (d) => (output = (output + d).slice(-2000)));
  const url = `http://127.0.0.1:${port}`;
  for (const end = Date.now() + 20_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    if (child.exitCode !== null) break;
    const ok = await fetch(`${url}/status`).then((r) => r.ok, () => false);
    if (ok) return { url, process: child, headless, output: () => output };
  }
  stop(child);
  throw new Error(`WebKitWebDriver did not start: ${output.trim() || `exit ${child.exitCode}`}`);
}

/** Ends the driver and what it started (xvfb-run, Xvfb, MiniBrowser): the process group we created. */
function stop(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

async function launchWebDriver(driverPath: string, binary: string): Promise<Engine> {
  const { Builder, By } = await import('selenium-webdriver');
  const server = await startDriver(driverPath);
  // every session is a new MiniBrowser process with an ephemeral profile
  const session = (): Promise<WebDriver> =>
    new Builder()
      .usingServer(server.url)
      .withCapabilities({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary, args: ['--automation'] } })
      .build();
  let version: string;
  try {
    // one session up front: the version, and a clear error here if MiniBrowser cannot start
    const probe = await session();
    version = String((await probe.getCapabilities()).get('browserVersion'));
    await probe.quit();
  } catch (error) {
    stop(server.process);
    throw new Error(`MiniBrowser did not start under WebKitWebDriver: ${(error as Error).message} ${server.output()}`);
  }
  return {
    name: 'webkit',
    description: `WebKitGTK ${version} (${binary} by ${driverPath}, classic WebDriver via selenium-webdriver${server.headless ? ', under xvfb-run' : ''})`,
    async open(url) {
      const driver = await session();
      // WebDriver's default page-load limit is 300 s: a stuck load fails sooner
      await driver.manage().setTimeouts({ pageLoad: 60_000, script: 30_000 });
      await driver.manage().window().setRect({ width: 1280, height: 800 });
      const earlier: ConsoleLog = { warnings: [], errors: [] };
      let loaded = false;
      /** The current page's record (it lives as long as the page). */
      const current = async (): Promise<ConsoleLog> => {
        const record = (await driver.executeScript('return window.__engineLog || null')) as ConsoleLog | null;
        if (!record) throw new Error(`${await driver.getCurrentUrl()} has no CONSOLE_RECORDER (test/support/engines): WebKit's console cannot be read without it`);
        return record;
      };
      const keep = async () => {
        if (!loaded) return;
        // a page without the recorder (a bench page) has nothing to keep; log() still asks for it
        const record = (await driver.executeScript('return window.__engineLog || null')) as ConsoleLog | null;
        if (!record) return;
        earlier.warnings.push(...record.warnings);
        earlier.errors.push(...record.errors);
      };
      const self: EnginePage = {
        async goto(to) {
          await keep();
          await driver.get(to);
          loaded = true;
        },
        async reload() {
          await keep();
          await driver.navigate().refresh();
        },
        evaluate: async (fn, arg) => fromJson(await driver.executeScript(`return ${asJsonExpression(fn, arg)};`)),
        click: async (selector) => driver.findElement(By.css(selector)).click(),
        async log() {
          const record = await current();
          return { warnings: [...earlier.warnings, ...record.warnings], errors: [...earlier.errors, ...record.errors] };
        },
        close: () => driver.quit(),
      };
      await self.goto(url);
      return self;
    },
    async close() {
      stop(server.process);
    },
  };
}
