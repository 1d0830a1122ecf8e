export { createVitrine, type Vitrine } from './create';
export { DEFAULT_OPTIONS, type VitrineOptions } from '../core/options';
export type { RankItem, TrackEvent } from '../core/vitrine';
export type { VitrineStats, VitrineState, BackendChoice, BackendName } from '../core/types';
export type { ItemAttrs, EventType } from '../features/types';
