import type { ItemAttrs } from '../src/features/types';

/** Every item id seen (events or catalog), interned to a dense index, with its catalog attributes. */
export class ItemTable {
  readonly ids: string[] = [];
  readonly attrs: (Omit<ItemAttrs, 'id'> | undefined)[] = [];
  /** What the catalog says beyond the model's inputs: shown by recommendations (the catalog pack). */
  readonly extras = new Map<number, { url?: string; image?: string; outOfStock?: boolean }>();
  private readonly index = new Map<string, number>();

  intern(id: string): number {
    let i = this.index.get(id);
    if (i === undefined) {
      i = this.ids.length;
      // a copy: a string sliced from the input would keep its whole input chunk alive
      const own = Buffer.from(id, 'utf8').toString('utf8');
      this.index.set(own, i);
      this.ids.push(own);
      this.attrs.push(undefined);
    }
    return i;
  }

  get(id: string): number | undefined {
    return this.index.get(id);
  }

  get size(): number {
    return this.ids.length;
  }

  item(i: number): ItemAttrs {
    return { id: this.ids[i], ...this.attrs[i] };
  }
}

export const CONTENT_FIELDS = ['title', 'category', 'brand', 'price'] as const;

/** Content fields that no item of the table has: a model cannot learn them, so they get weight 0. */
export function absentFields(items: ItemTable): (typeof CONTENT_FIELDS)[number][] {
  return CONTENT_FIELDS.filter((f) => !items.attrs.some((a) => a?.[f] !== undefined && a[f] !== ''));
}
