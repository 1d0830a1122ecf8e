/** Engines driven by Playwright: Chromium, and Playwright's own Firefox and WebKit builds where they are installed. */
import { existsSync } from 'node:fs';
import type { Browser, BrowserType } from 'playwright-core';
import { contextEngine, type Engine, type EngineName } from './index';

/** Each page in a new context: a fresh profile, with its own storage and HTTP cache. */
export const playwrightEngine = (name: EngineName, description: string, browser: Browser): Engine =>
  contextEngine(name, description, () => browser.newContext(), () => browser.close());

/** Playwright's own build of `type` (`npx playwright-core install firefox|webkit`), if downloaded. */
export function playwrightBuild(name: EngineName, type: BrowserType): (() => Promise<Engine>) | undefined {
  let path: string;
  try {
    path = type.executablePath();
  } catch {
    return undefined; // playwright-core without that download
  }
  if (!existsSync(path)) return undefined;
  return async () => {
    const browser = await type.launch({ headless: true });
    return playwrightEngine(name, `${name} ${browser.version()} (Playwright's build, ${path})`, browser);
  };
}
