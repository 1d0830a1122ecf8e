/** The engine-neutral page over Playwright (Chromium; Playwright's own Firefox and WebKit builds where they are installed). */
import type { Browser } from 'playwright-core';
import { asJsonExpression, fromJson, isSdkWarning, type ConsoleLog, type Engine, type EngineName, type EnginePage } from './index';

export function playwrightEngine(name: EngineName, description: string, browser: Browser): Engine {
  return {
    name,
    description,
    async open(url) {
      // a context is a fresh profile: its own storage and HTTP cache
      const context = await browser.newContext();
      const page = await context.newPage();
      const log: ConsoleLog = { warnings: [], errors: [] };
      page.on('console', (m) => {
        if (m.type() === 'error') log.errors.push(m.text());
        if (m.type() === 'warning' && isSdkWarning(m.text())) log.warnings.push(m.text());
      });
      page.on('pageerror', (e) => log.errors.push(`pageerror: ${e.message}`));
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
