/** Chromium: $CHROMIUM_PATH, Playwright's download or the system's, with the browser tests' launcher and flags (test/support/browser.ts). */
import { findChromium, launchBrowser } from '../browser';
import type { Engine } from './index';
import { playwrightEngine } from './playwright';

export function locateChromium(): (() => Promise<Engine>) | string {
  let path: string;
  try {
    path = findChromium();
  } catch (error) {
    return (error as Error).message;
  }
  return async () => {
    const browser = await launchBrowser();
    return playwrightEngine('chromium', `chromium ${browser.version()} (${path}, CDP via playwright-core)`, browser);
  };
}
