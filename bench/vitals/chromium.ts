/**
 * The Chromium driver of the vitals bench: Debian's Chromium through playwright-core (the
 * flags of test/support), one browser context per profile, and over CDP the phone's CPU
 * and network throttling, a tally of what came over the network, and taps dispatched as
 * CDP Input events.
 */
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchBrowser } from '../../test/support/browser';
import type { DeviceProfile, EngineDriver, Profile, SeenRequest, Tab } from './driver';

/** URL paths of the SDK's own files on the bench server (its script and runtime, its model). */
export const SDK_PATHS = ['/vendor/', '/models/'];

interface Request {
  url: string;
  fromCache: boolean;
  bytes: number;
  chunks: number;
  done: boolean;
  responded: boolean;
}

/** Records the requests of a page as CDP reports them, from each `meter()` call on. */
function networkMeter(cdp: CDPSession) {
  let requests = new Map<string, Request>();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (!e.request.url.startsWith('http')) return;
    requests.set(e.requestId, { url: e.request.url, fromCache: false, bytes: 0, chunks: 0, done: false, responded: false });
  });
  cdp.on('Network.requestServedFromCache', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.fromCache = true;
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = requests.get(e.requestId);
    if (!r) return;
    r.responded = true;
    if (e.response.fromDiskCache || e.response.fromServiceWorker || e.response.fromPrefetchCache) r.fromCache = true;
  });
  // a body the page stops reading ends in loadingFailed, with no total: the chunks' sizes are summed too, and the larger kept
  cdp.on('Network.dataReceived', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.chunks += e.encodedDataLength;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (!r) return;
    r.done = true;
    r.bytes = e.encodedDataLength;
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.done = true;
  });
  return () => {
    requests = new Map();
    const seen = requests;
    return {
      read: (): SeenRequest[] => [...seen.values()].map((r) => ({ url: r.url, network: r.responded && !r.fromCache, bytes: Math.max(r.bytes, r.chunks), done: r.done })),
    };
  };
}

/** The device's CPU and network emulation, or (on: false) none. */
async function emulate(cdp: CDPSession, device: DeviceProfile, on = true): Promise<void> {
  if (device.cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: on ? device.cpu : 1 });
  if (device.network) {
    const { rttMs, downKbps, upKbps } = device.network;
    await cdp.send('Network.emulateNetworkConditions', on ? { offline: false, latency: rttMs, downloadThroughput: (downKbps * 1000) / 8, uploadThroughput: (upKbps * 1000) / 8 } : { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  }
}

function chromiumTab(page: Page, cdp: CDPSession, device: DeviceProfile): Tab {
  const meter = networkMeter(cdp);
  return {
    async goto(url) {
      await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    },
    evaluate: <T>(expression: string) => page.evaluate(expression) as Promise<T>,
    async click(selector) {
      await page.click(selector);
    },
    async tap(x, y) {
      if (device.mobile) {
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      } else {
        await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
        await cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', x, y, button: 'left', clickCount: 1 });
        await cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x, y, button: 'left', clickCount: 1 });
      }
    },
    meter,
  };
}

export async function chromiumDriver(): Promise<EngineDriver> {
  const browser: Browser = await launchBrowser();
  return {
    name: `Chromium ${browser.version()}`,
    async newProfile(device): Promise<Profile> {
      const context = await browser.newContext({ viewport: device.viewport, deviceScaleFactor: device.deviceScaleFactor, isMobile: device.mobile, hasTouch: device.mobile });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await emulate(cdp, device);
      return { tab: chromiumTab(page, cdp, device), emulate: (on) => emulate(cdp, device, on), close: () => context.close() };
    },
    close: () => browser.close(),
  };
}
