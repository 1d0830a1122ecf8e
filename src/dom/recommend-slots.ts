import type { VitrineCore } from '../core/vitrine';
import type { RecommendKind } from '../recommend/types';

/** `data-vitrine-recommend="for-you" | "trending" | "similar:SKU" | "bought-together:SKU"`, `data-vitrine-limit="8"`. */
export const SLOT_SELECTOR = '[data-vitrine-recommend]';

/** Fills every recommendation slot of the page from its `<template>` (rendered by the recommendations chunk: src/dom/recommend-render.ts). */
export function fillSlots(core: Pick<VitrineCore, 'recommend'>): void {
  document.querySelectorAll<HTMLElement>(SLOT_SELECTOR).forEach((into) => {
    const [kind, ...item] = into.dataset.vitrineRecommend!.split(':');
    void core.recommend({ kind: kind as RecommendKind, item: item.join(':') || undefined, k: Number(into.dataset.vitrineLimit) || undefined, into });
  });
}
