/**
 * Firefox: a system Firefox ($FIREFOX_PATH, Debian's `firefox-esr`) over WebDriver BiDi with
 * puppeteer-core (Playwright's channel for a stock Firefox fails on ESR 153:
 * `emulation.setMediaFeaturesOverride: unknown command`); else Playwright's own Firefox build.
 */
import { existsSync } from 'node:fs';
import { firefox } from 'playwright-core';
import { asJsonExpression, fromJson, isSdkWarning, type ConsoleLog, type Engine, type EnginePage } from './index';
import { playwrightEngine } from './playwright';

const SYSTEM = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'];
const HOW = 'no Firefox: `sudo apt-get install -y firefox-esr` (Debian), set FIREFOX_PATH, or `npx playwright-core install firefox`';

export function locateFirefox(): (() => Promise<Engine>) | string {
  const system = SYSTEM.find((p): p is string => !!p && existsSync(p));
  if (system) return () => launchBiDi(system);
  return playwrightFirefox() ?? HOW;
}

function playwrightFirefox(): (() => Promise<Engine>) | undefined {
  let path: string;
  try {
    path = firefox.executablePath();
  } catch {
    return undefined; // playwright-core without a downloaded Firefox
  }
  if (!existsSync(path)) return undefined;
  return async () => {
    const browser = await firefox.launch({ headless: true });
    return playwrightEngine('firefox', `firefox ${browser.version()} (Playwright's build)`, browser);
  };
}

async function launchBiDi(executablePath: string): Promise<Engine> {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath, headless: true, defaultViewport: { width: 1280, height: 720 } });
  return {
    name: 'firefox',
    description: `${await browser.version()} (${executablePath}, WebDriver BiDi via puppeteer-core)`,
    async open(url) {
      // a user context is a fresh profile: Firefox keys storage and the HTTP cache by it
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      const log: ConsoleLog = { warnings: [], errors: [] };
      page.on('console', (m) => {
        if (m.type() === 'error') log.errors.push(m.text());
        if (m.type() === 'warn' && isSdkWarning(m.text())) log.warnings.push(m.text());
      });
      page.on('pageerror', (e) => log.errors.push(`pageerror: ${(e as Error).message ?? e}`));
      const self: EnginePage = {
        goto: async (to) => void (await page.goto(to)),
        reload: async () => void (await page.reload()),
        evaluate: async (fn, arg) => fromJson(await page.evaluate(asJsonExpression(fn, arg))),
        click: (selector) => page.click(selector),
        log: async () => ({ warnings: [...log.warnings], errors: [...log.errors] }),
        close: () => context.close(),
      };
      await self.goto(url);
      return self;
    },
    close: () => browser.close(),
  };
}
