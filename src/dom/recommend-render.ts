import type { Logger } from '../common/log';
import { safeUrl } from '../recommend/pack';
import type { Recommendation } from '../recommend/types';

/** Marks the elements a slot rendered (replaced on the next fill). */
const RENDERED = 'data-vitrine-rendered';
/** Attributes of the item's element, so a click is recorded with what the model needs (src/dom/clicks.ts). */
const ITEM_ATTRS = ['title', 'category', 'brand', 'price'] as const;

/**
 * Fills a slot from its `<template>`: one copy per recommendation, its first element made an
 * ordinary `[data-vitrine-item]` (clicks are recorded as for any card); inside it,
 * `data-vitrine-field="title|brand|category|price|because"` get the value as text,
 * `"url"` an `href` and `"image"` a `src`, only http(s) or relative (checked again here, whatever
 * the pack said). The slot's state is `data-vitrine-state`: "filled" or "empty".
 */
export function renderSlot(slot: Element, recs: readonly Recommendation[], log: Logger): void {
  const template = slot.querySelector('template');
  if (!template) return log.warn('a [data-vitrine-recommend] slot has no <template> to render its items from');
  slot.querySelectorAll(`[${RENDERED}]`).forEach((e) => e.remove());
  for (const rec of recs) {
    const copy = template.content.cloneNode(true) as DocumentFragment;
    const card = copy.firstElementChild;
    if (!card) continue;
    card.setAttribute(RENDERED, '');
    card.setAttribute('data-vitrine-item', rec.id);
    for (const a of ITEM_ATTRS) if (rec[a] !== undefined) card.setAttribute(`data-vitrine-${a}`, String(rec[a]));
    for (const el of [card, ...card.querySelectorAll('[data-vitrine-field]')]) {
      const field = el.getAttribute('data-vitrine-field');
      if (field === 'url' || field === 'image') {
        const url = safeUrl(rec[field]);
        const attr = field === 'url' ? 'href' : 'src';
        if (url) el.setAttribute(attr, url);
        else el.removeAttribute(attr);
      } else if (field === 'title' || field === 'brand' || field === 'category' || field === 'price' || field === 'because') {
        el.textContent = rec[field] === undefined ? '' : String(rec[field]);
      }
    }
    // only the card: anything else at the template's top level is left out (one card per item)
    slot.append(card);
  }
  slot.setAttribute('data-vitrine-state', recs.length ? 'filled' : 'empty');
}
