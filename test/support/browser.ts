import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Flags that keep Chromium off the network it cannot reach (and quiet), plus WebGPU when asked. */
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-default-apps', '--mute-audio'];

/**
 * Finds a Chromium: $CHROMIUM_PATH, Playwright's own download, then the system's.
 * Throws an error that says exactly how to get one.
 */
export function findChromium(): string {
  const candidates = [process.env.CHROMIUM_PATH];
  try {
    candidates.push(chromium.executablePath());
  } catch {
    // playwright-core without a downloaded browser
  }
  candidates.push('/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (!found) {
    throw new Error(
      'No Chromium found for the browser tests. Install one of: `npx playwright install chromium` (downloads Playwright\'s build), ' +
        '`sudo apt-get install -y chromium` (Debian/Ubuntu), or set CHROMIUM_PATH to a Chrome/Chromium executable.',
    );
  }
  return found;
}

export async function launchBrowser(opts: { webgpu?: boolean; args?: string[] } = {}): Promise<Browser> {
  const args = [...CHROMIUM_FLAGS, ...(opts.args ?? [])];
  if (opts.webgpu) args.push('--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader', '--use-webgpu-adapter=swiftshader');
  return chromium.launch({ executablePath: findChromium(), headless: true, args });
}
