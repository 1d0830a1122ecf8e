/**
 * The composition root: the core instance with the DOM layer on top, and the public types.
 * Every entry (ESM, script tag) and the React bindings import the SDK from here.
 */
import type { VitrineCore } from '../core/vitrine';
import type { VitrineOptions } from '../core/options';
import type { DomMethods } from '../dom/index';
import type { ProfileMethods } from '../dom/profile';
import { composeVitrine } from './compose';

export type Vitrine = VitrineCore & DomMethods & ProfileMethods;

/** Creates a Vitrine instance: history, model, ranking and (in a browser) the DOM layer. Never throws. */
export const createVitrine = (options: VitrineOptions = {}): Vitrine => composeVitrine(options);

export { DEFAULT_OPTIONS, type VitrineOptions } from '../core/options';
export { orderFromSnapshot, type SnapshotOrder } from '../core/snapshot-order';
export type { RankItem, TrackEvent, Explanation, Profile, RecommendOptions, Recommendation, RecommendKind, CatalogItem } from '../core/vitrine';
export type { AnalyticsEvent } from '../core/analytics';
export type { FirstReorder } from '../dom/anti-flicker';
export type { VitrineStats, VitrineState } from '../core/types';
export type { BackendChoice, BackendName } from '../common/types';
export type { ItemAttrs, EventType } from '../features/types';
