import type * as Runtime from '../model/runtime/index';

export type RuntimeModule = typeof Runtime;

/** Loads the ML runtime (tfjs + model code) as a separate chunk, only when needed. The script-tag build swaps this module for one that imports by URL. */
export const loadRuntime = (): Promise<RuntimeModule> => import('../model/runtime/index');
