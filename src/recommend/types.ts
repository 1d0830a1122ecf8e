import type { CatalogItem } from './pack';

export type { CatalogItem } from './pack';

export const RECOMMEND_KINDS = ['for-you', 'similar', 'bought-together', 'trending'] as const;
export type RecommendKind = (typeof RECOMMEND_KINDS)[number];

export interface RecommendOptions {
  /** 'for-you' (the shopper vs every catalog item), 'similar' / 'bought-together' (need `item`), 'trending'. */
  kind: RecommendKind;
  /** The item a 'similar' or 'bought-together' slot is about. */
  item?: string;
  /** How many (default 8, at most 100). */
  k?: number;
  /** Item ids never to recommend (besides what the shopper bought, out-of-stock items and `item` itself). */
  exclude?: readonly string[];
  /** Keeps only the items it returns true for. */
  filter?: (item: CatalogItem) => boolean;
  /** Also render them into this element from its `<template>` (what a `data-vitrine-recommend` slot does: src/dom/recommend-render.ts). */
  into?: Element;
}

/** One recommended catalog item. */
export interface Recommendation extends CatalogItem {
  score: number;
  /** A short reason a UI can show ("Because you viewed …", "Trending now"). */
  because: string;
  /** The kind that produced it: the one asked for, or the next of its fallback chain. */
  source: RecommendKind;
}

/** Where the catalog is answered from: stats().recommender. */
export interface RecommenderStatus {
  where: 'worker' | 'main';
  items: number;
  /** Why a pack of the worker's size runs on the main thread (no worker file, a CSP, a failed start); null otherwise. */
  reason: string | null;
}
