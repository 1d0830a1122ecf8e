export { createVitrine, type Vitrine } from './create';
export { DEFAULT_OPTIONS, type VitrineOptions } from '../core/options';
export type { RankItem, TrackEvent, Explanation, Profile } from '../core/vitrine';
export type { AnalyticsEvent } from '../core/analytics';
export type { FirstReorder } from '../dom/anti-flicker';
export type { VitrineStats, VitrineState, BackendChoice, BackendName } from '../core/types';
export type { ItemAttrs, EventType } from '../features/types';
