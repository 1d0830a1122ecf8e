/** Column-mapping flags shared by train and eval. */
export const COLUMN_FLAG_HELP: Record<string, string> = {
  'session-col': 'events column holding the session (default: session, session_id, user_session)',
  'item-col': 'events column holding the item (default: item, item_id, product_id)',
  'time-col': 'events column holding the time, unix seconds or ISO-8601 (default: time, timestamp, event_time)',
  'type-col': 'events column holding the type: view|click|add_to_cart|purchase (default: type, event_type; missing = click)',
  'catalog-item-col': 'catalog column holding the item (default: item, id, sku, product_id)',
  'title-col': 'catalog title column (default: title, name)',
  'category-col': 'catalog category column (default: category, category_code)',
  'brand-col': 'catalog brand column (default: brand)',
  'price-col': 'catalog price column (default: price)',
  'url-col': 'catalog product URL column, for recommendations (default: url, link, product_url)',
  'image-col': 'catalog image URL column, for recommendations (default: image, image_url, image_link)',
  'stock-col': 'catalog stock column: 0, false, no, out of stock, sold out = out of stock (default: in_stock, availability, stock)',
};

export function flagHelp(values: Record<string, string>, booleans: Record<string, string> = {}): string {
  const all = [...Object.entries(values).map(([k, v]) => [`--${k} VALUE`, v]), ...Object.entries(booleans).map(([k, v]) => [`--${k}`, v])];
  const w = Math.max(...all.map(([k]) => k.length));
  return all.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n');
}
