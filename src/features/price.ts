/**
 * Prices as stores write them, read deliberately: a currency sign or code before or after the
 * number, thousands separators in either convention ("1,299.00", "1.299,00", "1 299,00",
 * "1'299.00", Indian "1,29,999"), "12.-" for whole amounts. Anything else is `undefined`,
 * never a wrong number: hex ("0x10"), exponents ("1e3"), signs ("-5", "(5)"), two numbers
 * ("10-20", "12 15"), NaN, Infinity, letters inside the number.
 *
 * A lone separator followed by exactly three digits ("1,299", "1.299") means 1299 in one
 * convention and 1.299 in the other: it is `undefined` unless `decimal` says which
 * separator is the decimal one. "0.299" and "12.50" are not ambiguous.
 *
 * Pure, no DOM: the browser (data-vitrine-price) and the CLI (catalog CSV) both use it.
 */
export interface PriceOptions {
  /** The decimal separator to assume for "1,299" / "1.299" (otherwise ambiguous: undefined). */
  decimal?: '.' | ',';
}

/** Longest price text read; longer is not a price. */
export const MAX_PRICE_CHARS = 64;

/** A currency mark: a sign with letters before or after it (US$, R$, $US, £GB), a 3-letter code, or a local abbreviation. */
const MARK = String.raw`(?:[A-Za-z]{0,3}\p{Sc}[A-Za-z]{0,3}|[A-Za-z]{3}|kr\.?|zł|Kč|Ft|Rs\.?|Fr\.?)`;
const MARKED = new RegExp(String.raw`^(?:${MARK}\s*)?(.*?)(?:\s*${MARK})?$`, 'u');
/** Digits and separators only; a trailing ".-" / ",-" marks a whole amount ("12.-"). */
const BODY = /^([\d.,'’\s]*\d)([.,][-–—])?$/u;
const SPACES = /[\s]/gu;

function validGroups(groups: string[]): boolean {
  if (groups.length === 1) return /^\d+$/.test(groups[0]);
  const western = /^\d{1,3}$/.test(groups[0]) && groups.slice(1).every((g) => /^\d{3}$/.test(g));
  // Indian grouping: 1,29,999 (lakh, crore): 3 digits last, pairs before
  const indian = /^\d{1,2}$/.test(groups[0]) && groups.slice(1, -1).every((g) => /^\d{2}$/.test(g)) && /^\d{3}$/.test(groups[groups.length - 1]);
  return western || indian;
}

/** The amount of a price string (see the module comment), or undefined. */
function parsePriceText(text: string, opts: PriceOptions): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > MAX_PRICE_CHARS) return undefined;
  const marked = MARKED.exec(trimmed);
  const inner = marked?.[1] ?? '';
  const body = BODY.exec(inner);
  if (!body) return undefined;
  const whole = body[2] !== undefined; // "12.-"
  let digits = body[1].replace(SPACES, ' ').replace(/’/g, "'");
  if (/^[.,]/.test(digits) && !whole) digits = `0${digits}`; // ".99"
  const kinds = new Set(digits.replace(/\d/g, ''));
  if (kinds.size > 2) return undefined;
  const hasDot = kinds.has('.');
  const hasComma = kinds.has(',');
  let decimal: string | undefined;
  if (whole) decimal = undefined;
  else if (hasDot && hasComma) decimal = digits.lastIndexOf('.') > digits.lastIndexOf(',') ? '.' : ',';
  else if (hasDot || hasComma) {
    const sep = hasDot ? '.' : ',';
    const count = digits.split(sep).length - 1;
    const after = digits.slice(digits.lastIndexOf(sep) + 1);
    const before = digits.slice(0, digits.indexOf(sep));
    if (count > 1) decimal = undefined;
    else if (kinds.size === 2 || after.length !== 3 || /^0+$/.test(before)) decimal = sep; // "1 299,00", "12.50", "0.299"
    else if (opts.decimal) decimal = opts.decimal === sep ? sep : undefined;
    else return undefined; // "1,299" or "1.299": ambiguous
  }
  let int = digits;
  let frac = '';
  if (decimal !== undefined) {
    const at = digits.lastIndexOf(decimal);
    if (digits.indexOf(decimal) !== at) return undefined;
    int = digits.slice(0, at);
    frac = digits.slice(at + 1);
    if (!/^\d+$/.test(frac)) return undefined;
  }
  const thousands = [...new Set(int.replace(/\d/g, ''))];
  if (thousands.length > 1) return undefined;
  if (!validGroups(thousands.length ? int.split(thousands[0]) : [int])) return undefined;
  const value = Number(`${int.replace(/\D/g, '')}${frac ? `.${frac}` : ''}`);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * A price from a number or a string: the amount (>= 0, finite) or undefined when the value is
 * not unambiguously one non-negative price.
 */
export function parsePrice(value: unknown, opts: PriceOptions = {}): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value + 0 : undefined; // + 0: -0 -> 0
  if (typeof value !== 'string') return undefined;
  return parsePriceText(value, opts);
}
