/**
 * Firefox and WebKit for the vitals bench: the test suite's engine drivers
 * (test/support/engines/) behind the bench's EngineDriver. They navigate, evaluate and click,
 * which is all the outcome columns need (the probe lives in the page); they cannot throttle the
 * CPU or the network, count requests or dispatch a tap, so they run the desktop profile in the
 * engine's own window size, and those cells print as '–'. One profile is open at a time
 * (WebKitWebDriver holds one session).
 */
import { locate, type EngineName, type EnginePage } from '../../test/support/engines/index';
import type { EngineDriver, Profile } from './driver';

export function engineDriver(name: Exclude<EngineName, 'chromium'>): () => Promise<EngineDriver> {
  return async () => {
    const found = locate(name);
    if ('missing' in found) throw new Error(found.missing);
    const engine = await found.launch();
    return {
      name: engine.description,
      oneProfileAtATime: true,
      async newProfile(device): Promise<Profile> {
        if (device.cpu > 1 || device.network) throw new Error(`${name}: the ${device.name} profile needs CPU and network throttling, which only the Chromium driver has`);
        // the engine opens a fresh profile at its first URL
        let page: EnginePage | null = null;
        const open = () => {
          if (!page) throw new Error(`${name}: no page open yet (goto first)`);
          return page;
        };
        return {
          tab: {
            goto: async (url) => void (page ? await page.goto(url) : (page = await engine.open(url))),
            evaluate: <T>(expression: string) => open().evaluate<T>(expression),
            click: (selector) => open().click(selector),
          },
          close: async () => void (await page?.close()),
        };
      },
      close: () => engine.close(),
    };
  };
}
