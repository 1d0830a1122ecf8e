/**
 * Firefox: a system Firefox ($FIREFOX_PATH, Debian's `firefox-esr`) over WebDriver BiDi with
 * puppeteer-core (Playwright's channel for a stock Firefox fails on ESR 153:
 * `emulation.setMediaFeaturesOverride: unknown command`); else Playwright's own Firefox build.
 */
import { existsSync } from 'node:fs';
import { firefox } from 'playwright-core';
import { contextEngine, type Engine } from './index';
import { playwrightBuild } from './playwright';

const SYSTEM = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'];
const HOW = 'no Firefox: `sudo apt-get install -y firefox-esr` (Debian), set FIREFOX_PATH, or `npx playwright-core install firefox`';

export function locateFirefox(): (() => Promise<Engine>) | string {
  const system = SYSTEM.find((p): p is string => !!p && existsSync(p));
  if (system) return () => launchBiDi(system);
  return playwrightBuild('firefox', firefox) ?? HOW;
}

async function launchBiDi(executablePath: string): Promise<Engine> {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath, headless: true, defaultViewport: { width: 1280, height: 720 } });
  const description = `${await browser.version()} (${executablePath}, WebDriver BiDi via puppeteer-core)`;
  // a user context is a fresh profile: Firefox keys storage and the HTTP cache by it
  return contextEngine('firefox', description, () => browser.createBrowserContext(), () => browser.close());
}
