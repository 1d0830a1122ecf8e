import type { EventType } from './types';

/**
 * How items and histories become model inputs. Written into every model's manifest,
 * so the browser and the trainer always tokenise the same way for a given model.
 */
export interface FeatureSpec {
  /** Rows of each embedding table; every token is hashed into one of them. */
  buckets: number;
  /** Seed of the token hash. */
  seed: number;
  /** Relative weight of each field in an item's embedding (0 turns a field off). */
  fieldWeights: { id: number; category: number; brand: number; price: number; title: number };
  /** Category path levels used (apparel > apparel.shoes > ...). */
  categoryLevels: number;
  /** Title words used per item. */
  titleTokens: number;
  /** Price bands per doubling of price (log-scale bands, currency-agnostic). */
  priceBandsPerOctave: number;
  /** Newest events of the history used for the shopper embedding. */
  historyLength: number;
  /** Recency half-life, in events: the weight of an event halves every this many newer events. */
  recencyHalfLife: number;
  /** Weight of each event type in the shopper embedding. */
  typeWeights: Record<EventType, number>;
}

export const DEFAULT_FEATURE_SPEC: Readonly<FeatureSpec> = Object.freeze({
  buckets: 16384,
  seed: 0x5eed,
  fieldWeights: { id: 1, category: 1, brand: 0.5, price: 0.5, title: 1 },
  categoryLevels: 4,
  titleTokens: 8,
  priceBandsPerOctave: 2,
  historyLength: 50,
  recencyHalfLife: 10,
  typeWeights: { view: 1, click: 1, add_to_cart: 2, purchase: 3 },
});

/** Tokens per item, padded: the width of the encoded token matrix. */
export function tokensPerItem(spec: FeatureSpec): number {
  return 1 + spec.categoryLevels + 1 + 1 + spec.titleTokens;
}

/** Checks a spec read from a manifest; returns the problems found (empty when valid). */
export function checkFeatureSpec(value: unknown): string[] {
  const problems: string[] = [];
  const s = value as Partial<FeatureSpec> | null;
  if (!s || typeof s !== 'object') return ['features: missing'];
  const posInt = (k: keyof FeatureSpec) => {
    const v = s[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) problems.push(`features.${k}: expected a non-negative integer`);
  };
  posInt('buckets');
  posInt('seed');
  posInt('categoryLevels');
  posInt('titleTokens');
  posInt('historyLength');
  if (typeof s.buckets === 'number' && s.buckets < 1) problems.push('features.buckets: must be >= 1');
  if (typeof s.priceBandsPerOctave !== 'number' || !(s.priceBandsPerOctave > 0)) problems.push('features.priceBandsPerOctave: expected > 0');
  if (typeof s.recencyHalfLife !== 'number' || !(s.recencyHalfLife > 0)) problems.push('features.recencyHalfLife: expected > 0');
  for (const group of ['fieldWeights', 'typeWeights'] as const) {
    const g = s[group] as Record<string, unknown> | undefined;
    if (!g || typeof g !== 'object') problems.push(`features.${group}: missing`);
    else for (const [k, v] of Object.entries(g)) if (typeof v !== 'number' || !(v >= 0)) problems.push(`features.${group}.${k}: expected a number >= 0`);
  }
  return problems;
}
