import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePrice } from '../../src/features/price';

test('prices with currency signs, codes and either thousands convention', () => {
  const cases: [string, number][] = [
    ['12.5', 12.5], ['12', 12], ['0', 0], ['0.00', 0], ['  89.99 ', 89.99], ['.99', 0.99], ['0,5', 0.5],
    ['$1,299.00', 1299], ['1,299.00', 1299], ['1.299,00 €', 1299], ['1.299,00€', 1299], ['EUR 12', 12], ['12 EUR', 12], ['12 usd', 12],
    ['US$1,234,567.50', 1234567.5], ['1 234 567,50 $US', 1234567.5], ['1\u202f234\u202f567,50 €', 1234567.5], ['1\u00a0299,00 €', 1299],
    ["CHF 1'299.50", 1299.5], ['CHF 1’299.50', 1299.5], ['12,34,567.50', 1234567.5], ['₹1,29,999', 129999], ['£GB 3,50', 3.5],
    ['R$ 1.234.567,50', 1234567.5], ['1 299 kr', 1299], ['12,50 zł', 12.5], ['JP¥1,234,568.00', 1234568], ['1,299,000', 1299000], ['1.299.000', 1299000],
    ['12.-', 12], ['1.299,-', 1299], ['12,–', 12], ['0.299', 0.299], ['12,5', 12.5], ['12.3456', 12.3456], ['1.299.000,5', 1299000.5], ['1 299', 1299],
    ['KWD 1,234.500', 1234.5], ['007', 7],
    ['$1,415.48 USD', 1415.48], ['1,415.48', 1415.48], ['$48.00', 48], ['48,00 €', 48], // as storefront themes print them (issue 14)
  ];
  for (const [text, want] of cases) assert.equal(parsePrice(text), want, text);
});

test('everything else is undefined, never a wrong number', () => {
  const bad = [
    '0x10', '0X1F', '1e3', '1E3', '12e-1', '1.5e2', // hex and exponents
    '-5', '−5', '+5', '(5)', '$-5', '-$5', '5-', // signs
    '10-20', '$10 - $20', '10/20', '12 15', '12, 15', '1,2,3', '1.2.3', '1,23.45', '1.299.00', '1,299.00.5', '12. 5', '1 299,00.5', // several numbers, bad groups
    'NaN', 'Infinity', '-Infinity', 'inf', '', '   ', '.', ',', 'EUR', '$', '12.', '12,', 'twelve', 'abc', '1O', '12 %', '12kg5',
    '١٢٣', '１２', // non-ASCII digits
    '1'.repeat(70), // too long
    '1,299', '1.299', '€1.299', '1,299 €', '¥1,299', // a lone separator + three digits: ambiguous
  ];
  for (const text of bad) assert.equal(parsePrice(text), undefined, JSON.stringify(text));
  for (const v of [NaN, Infinity, -Infinity, -1, -0.01, null, undefined, true, {}, [], 12n]) assert.equal(parsePrice(v), undefined, String(v));
  assert.equal(Object.is(parsePrice(-0), 0), true, '-0 is 0');
});

test('the decimal option resolves "1,299" / "1.299" and nothing else', () => {
  assert.equal(parsePrice('1,299', { decimal: '.' }), 1299);
  assert.equal(parsePrice('1.299', { decimal: '.' }), 1.299);
  assert.equal(parsePrice('1.299 €', { decimal: ',' }), 1299);
  assert.equal(parsePrice('1,299', { decimal: ',' }), 1.299);
  assert.equal(parsePrice('¥1,299', { decimal: '.' }), 1299);
  // unambiguous forms keep their reading whatever the option
  for (const decimal of ['.', ','] as const) {
    assert.equal(parsePrice('1,299.00', { decimal }), 1299);
    assert.equal(parsePrice('1.299,00', { decimal }), 1299);
    assert.equal(parsePrice('12.50', { decimal }), 12.5);
    assert.equal(parsePrice('0x10', { decimal }), undefined);
  }
});

const LOCALES = ['en-US', 'en-GB', 'en-IN', 'de-DE', 'de-CH', 'fr-FR', 'fr-CH', 'es-ES', 'it-IT', 'nl-NL', 'pt-BR', 'sv-SE', 'pl-PL', 'ja-JP'];
const CURRENCIES = ['USD', 'EUR', 'CHF', 'INR', 'GBP', 'SEK', 'PLN', 'BRL'];

test('property: any amount a browser formats as a price (2 decimals, any locale, currency, grouping) reads back', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e12 }), fc.constantFrom(...LOCALES), fc.constantFrom(...CURRENCIES), fc.boolean(), (cents, locale, currency, grouping) => {
      const text = new Intl.NumberFormat(locale, { style: 'currency', currency, useGrouping: grouping, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cents / 100);
      const got = parsePrice(text);
      return got !== undefined && Math.round(got * 100) === cents;
    }),
    { numRuns: 2000 },
  );
});

test('property: plain numbers (String(n)) read back whenever they are not "d.ddd"', () => {
  fc.assert(
    fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), (n) => {
      const text = String(n);
      if (/e/.test(text)) return parsePrice(text) === undefined; // 1e-7: exponent, refused
      if (/^[1-9]\d{0,2}\.\d{3}$/.test(text)) return parsePrice(text) === undefined && parsePrice(text, { decimal: '.' }) === n;
      return parsePrice(text) === n;
    }),
    { numRuns: 3000 },
  );
  fc.assert(fc.property(fc.double(), (n) => parsePrice(n) === (Number.isFinite(n) && n >= 0 ? n + 0 : undefined)));
});

test('property: negatives, two amounts, hex and exponents are refused in any format', () => {
  const amount = fc.integer({ min: 1, max: 1e9 }).map((c) => (c / 100).toFixed(2));
  fc.assert(
    fc.property(amount, amount, fc.constantFrom('-', ' - ', '/', ' to ', ' ', '–'), (a, b, sep) => parsePrice(`${a}${sep}${b}`) === undefined),
    { numRuns: 1000 },
  );
  fc.assert(fc.property(amount, fc.constantFrom('-', '−', '(', '+'), (a, sign) => parsePrice(`${sign}${a}${sign === '(' ? ')' : ''}`) === undefined && parsePrice(`$${sign}${a}`) === undefined));
  fc.assert(fc.property(fc.nat(), (n) => parsePrice(`0x${n.toString(16)}`) === undefined && parsePrice(`${n}e2`) === undefined));
});

test('property: any string gives undefined or a finite non-negative number, never a throw', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(...'0123456789.,\'’ $€£¥-+eEx()kr\u00a0'.split('')), maxLength: 24 }), (s) => {
      const v = parsePrice(s);
      return v === undefined || (Number.isFinite(v) && v >= 0);
    }),
    { numRuns: 5000 },
  );
});
