import { readCatalog, type CatalogFlags } from './catalog';
import { readEvents, type ColumnFlags } from './events';
import { SessionLog } from './sessions';
import { ItemTable } from './items';

export interface DataFiles {
  train: string;
  test?: string;
  catalog?: string;
  columns?: ColumnFlags;
  catalogColumns?: CatalogFlags;
  /** Keep the session ids (the demo's personas name theirs; training does not need them). */
  keepIds?: boolean;
}

export interface LoadedData {
  items: ItemTable;
  train: SessionLog;
  test: SessionLog;
  trainEvents: number;
  testEvents: number;
  /** Items in train events or the catalog: what a method ranks. */
  candidates: Int32Array;
  inTrain: Uint8Array;
  /** Train-event count per item. */
  counts: Float64Array;
  catalogItems: number;
  /** The catalog's items (indices, in catalog order). */
  catalog: Int32Array;
  warnings: string[];
}

/** Reads catalog (first, so catalog attributes are known), train and test events into one item table. */
export async function loadData(f: DataFiles): Promise<LoadedData> {
  const items = new ItemTable();
  const warnings: string[] = [];
  let catalogSet = new Set<number>();
  if (f.catalog) {
    const c = await readCatalog(f.catalog, items, f.catalogColumns);
    catalogSet = c.indices;
    warnings.push(...c.warnings);
  }
  const train = await readEvents(f.train, items, f.columns, f.keepIds);
  warnings.push(...train.warnings);
  const test = f.test ? await readEvents(f.test, items, f.columns, f.keepIds) : undefined;
  if (test) warnings.push(...test.warnings);
  const inTrain = new Uint8Array(items.size);
  const counts = new Float64Array(items.size);
  for (const i of train.sessions.items) {
    inTrain[i] = 1;
    counts[i]++;
  }
  const cand: number[] = [];
  for (let i = 0; i < items.size; i++) if (inTrain[i] || catalogSet.has(i)) cand.push(i);
  return {
    items,
    train: train.sessions,
    test: test?.sessions ?? SessionLog.of([]),
    trainEvents: train.events,
    testEvents: test?.events ?? 0,
    candidates: Int32Array.from(cand),
    inTrain,
    counts,
    catalogItems: catalogSet.size,
    catalog: Int32Array.from(catalogSet),
    warnings,
  };
}
