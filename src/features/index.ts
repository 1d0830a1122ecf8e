export * from './types';
export * from './hash';
export * from './spec';
export * from './tokens';
