// `vitrine/react`: React bindings over the ESM entry. `react` is a peer dependency and
// stays external; the core is imported from `./index.mjs`, not bundled twice.
export { VitrineProvider, type VitrineProviderProps } from '../react/provider';
export { usePersonalizedOrder } from '../react/use-personalized-order';
export { usePersonalizedList, type ItemAttributes, type ListProps, type ListStatus, type PersonalizedList, type PersonalizedListOptions } from '../react/use-personalized-list';
export { useTrack } from '../react/use-track';
export { useRecommendations, type Recommendations } from '../react/use-recommendations';
export { useVitrine } from '../react/use-vitrine';
export { useVitrineStats } from '../react/use-vitrine-stats';
export type { TrackEvent, RankItem, Vitrine, VitrineOptions, VitrineStats, RecommendOptions, Recommendation, RecommendKind, CatalogItem } from '../app/index';
