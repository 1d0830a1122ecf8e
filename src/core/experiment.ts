import type { HistoryStore } from '../history/store';

export { armOf, type Arm } from './snapshot-rank';

/**
 * This browser's A/B draw: uniform in [0, 1), kept in the history database's meta store
 * (with consent), so the arm is stable across visits. Without consent to store, the draw
 * lasts the page. The draw, not the arm, is stored: changing the share moves the fewest browsers.
 * The shopper snapshot carries it, so the loader knows the arm before anything is opened.
 */
export async function browserDraw(store: HistoryStore): Promise<number> {
  let draw = await store.getMeta('ab-draw');
  if (typeof draw !== 'number' || !(draw >= 0 && draw < 1)) {
    draw = Math.random();
    await store.setMeta('ab-draw', draw);
  }
  return draw as number;
}
