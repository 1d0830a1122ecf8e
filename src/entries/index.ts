// `vitrine` (npm ESM): the composition root as it is.
export * from '../app/index';
