import type { HistoryStore } from '../history/store';

export type Arm = 'personalized' | 'holdout';

/**
 * This browser's A/B arm: a uniform draw kept in the history database's meta store
 * (with consent), so the arm is stable across visits; `holdout` is the share of
 * browsers that keep the page order. Without consent to store, the draw lasts the page.
 * The draw, not the arm, is stored: changing the share moves the fewest browsers.
 */
export async function assignArm(store: HistoryStore, holdout: number): Promise<Arm> {
  let draw = await store.getMeta('ab-draw');
  if (typeof draw !== 'number' || !(draw >= 0 && draw < 1)) {
    draw = Math.random();
    await store.setMeta('ab-draw', draw);
  }
  return (draw as number) < holdout ? 'holdout' : 'personalized';
}
