/**
 * Run before the browser tests: finds a Chromium, or on a developer machine (not CI)
 * tries to download Playwright's; otherwise says exactly how to get one.
 */
import { execFileSync } from 'node:child_process';
import { findChromium } from './browser';

function found(): string | undefined {
  try {
    return findChromium();
  } catch {
    return undefined;
  }
}

let path = found();
if (!path && !process.env.CI) {
  console.log('No Chromium found: trying `npx playwright-core install chromium`…');
  try {
    execFileSync('npx', ['playwright-core', 'install', 'chromium'], { stdio: 'inherit' });
  } catch {
    // reported below
  }
  path = found();
}
if (!path) {
  try {
    findChromium();
  } catch (error) {
    console.error((error as Error).message);
  }
  process.exit(1);
}
console.log(`browser tests use ${path}`);
