import { readLocal, removeLocal, writeLocal } from '../common/local';
import { decodeSnapshot, encodeSnapshot, type ShopperSnapshot } from './format';

/** Where the snapshot of a history database lives (localStorage: read synchronously by the loader, in every engine). */
export const snapshotKey = (dbName: string) => `${dbName}:snapshot`;

export const readSnapshot = (dbName: string): ShopperSnapshot | null => decodeSnapshot(readLocal(snapshotKey(dbName)));

/** False when it did not stick (storage unavailable or full, or a store that drops writes). */
export const writeSnapshot = (dbName: string, s: ShopperSnapshot): boolean => writeLocal(snapshotKey(dbName), encodeSnapshot(s));

export const removeSnapshot = (dbName: string): void => removeLocal(snapshotKey(dbName));
