/**
 * The vitals bench's in-page probe (bench/vitals/probe.ts), in Chromium, on pages that
 * script what a shopper may see: a grid hidden from the start, a grid shown then hidden then
 * shown reordered, and a grid reordered while in view. The bench's first-view outcome rests
 * on these readings. No timing is asserted, only what each frame showed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from '../support/browser';
import { PROBE_SOURCE, READ_PROBE, type ProbeData } from '../../bench/vitals/probe';

const grid = (ids: string[]) => `<ul data-vitrine-grid>${ids.map((id) => `<li data-vitrine-item="${id}">${id}</li>`).join('')}</ul>`;
const frames = (n: number) => `new Promise((r) => { let k = 0; const f = () => (++k >= ${n} ? r() : requestAnimationFrame(f)); requestAnimationFrame(f); })`;

/** A page: the probe first, then `head` in <head>, the grid, then `script` run at the end of the body. */
const page = (head: string, script: string) =>
  `<!doctype html><html><head><script>${PROBE_SOURCE}</script>${head}</head><body>${grid(['a', 'b', 'c'])}<script>(async () => { ${script}; window.__done = true; })()</script></body></html>`;

const HIDE = `<style id="hide">[data-vitrine-grid]{visibility:hidden}</style>`;
const REORDER = `const g = document.querySelector('[data-vitrine-grid]'); g.prepend(g.lastElementChild)`;

const cases: { name: string; head: string; script: string; expect: Partial<ProbeData['grid']> & { firstIds: string[] } }[] = [
  {
    name: 'hidden before the first paint, shown once reordered',
    head: HIDE,
    script: `await ${frames(5)}; ${REORDER}; document.getElementById('hide').remove(); await ${frames(5)}`,
    expect: { shownThenHidden: false, movedWhileVisible: 0, firstIds: ['c', 'a', 'b'] },
  },
  {
    name: 'shown in the page order, hidden, shown reordered',
    head: '',
    script: `await ${frames(5)}; document.head.insertAdjacentHTML('beforeend', '${HIDE}'); await ${frames(5)}; ${REORDER}; document.getElementById('hide').remove(); await ${frames(5)}`,
    expect: { shownThenHidden: true, movedWhileVisible: 0, firstIds: ['a', 'b', 'c'] },
  },
  {
    name: 'reordered in view',
    head: '',
    script: `await ${frames(5)}; ${REORDER}; await ${frames(5)}`,
    expect: { shownThenHidden: false, movedWhileVisible: 1, firstIds: ['a', 'b', 'c'] },
  },
];

test('the vitals probe sees the first visible order, a grid shown then hidden, and a move in view', async () => {
  const browser = await launchBrowser();
  try {
    for (const c of cases) {
      const p = await browser.newPage();
      await p.setContent(page(c.head, c.script));
      await p.waitForFunction(() => (window as any).__done === true);
      const data = (await p.evaluate(READ_PROBE)) as ProbeData;
      assert.deepEqual(data.grid.firstVisible?.ids, c.expect.firstIds, c.name);
      assert.equal(data.grid.shownThenHidden, c.expect.shownThenHidden, `${c.name}: shown then hidden`);
      assert.equal(data.grid.movedWhileVisible, c.expect.movedWhileVisible, `${c.name}: moved in view`);
      assert.equal(data.grid.hidden.every((h) => h.end !== null), true, `${c.name}: every hidden span ended`);
      assert.equal(data.grid.hidden.length > 0, c.head !== '' || c.expect.shownThenHidden, `${c.name}: hidden spans`);
      await p.close();
    }
  } finally {
    await browser.close();
  }
});
