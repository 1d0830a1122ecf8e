import { attrsOf, type RankItem } from './inputs';
import { applyOrder, finalOrder } from '../rank/order';
import { orderOptionsFor, type OrderSettings } from '../rank/rules';
import type { ShopperSnapshot } from '../snapshot/format';
import { snapshotScores } from '../snapshot/score';

export type Arm = 'personalized' | 'holdout';

/** The arm of a draw: `holdout` is the share of browsers that keep the page order. */
export const armOf = (draw: number, holdout: number): Arm => (draw < holdout ? 'holdout' : 'personalized');

/** A snapshot that can score items (it has rows). */
export type UsableSnapshot = ShopperSnapshot & { rows: Float32Array };

export const usable = (s: ShopperSnapshot | null | undefined): s is UsableSnapshot => !!s?.rows;

/**
 * The arm a snapshot decides without opening anything: 'personalized' with no holdout, the arm of
 * the draw it carries otherwise; null when it cannot decide (no scores, or no draw with a holdout).
 */
export function snapshotArm(s: ShopperSnapshot | null | undefined, holdout: number): Arm | null {
  if (!usable(s)) return null;
  return holdout <= 0 ? 'personalized' : s.draw === undefined ? null : armOf(s.draw, holdout);
}

/** A list in the snapshot's order, with the store's rules (blend, pins, out of stock, displacement, diversity). */
export const rankBySnapshot = <T extends RankItem>(s: UsableSnapshot, list: T[], settings: OrderSettings): T[] =>
  applyOrder(list, finalOrder(snapshotScores(s, list.map(attrsOf)), orderOptionsFor(settings, list)));
