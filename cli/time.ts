/**
 * Event times: unix seconds (a decimal number) or ISO-8601 ("2019-10-01T02:35:00Z",
 * "2019-10-01 00:00:00 UTC", a time without zone is UTC). Read strictly: a date that does
 * not exist ("2019-02-30"), a negative or non-finite number and anything outside
 * 1990-01-01 .. 2100-01-01 is refused with the reason.
 */
import { quote } from './errors';

export const TIME_MIN = Date.UTC(1990, 0, 1) / 1000;
export const TIME_MAX = Date.UTC(2100, 0, 1) / 1000;
const EXPECTED = '(expected unix seconds or ISO-8601, from 1990 to 2100)';

export type TimeRead = { ok: true; value: number } | { ok: false; reason: string };

const UNIX = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(inf|infinity|nan)$/i;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Seconds since the epoch from an ISO-8601 string, or undefined when it is not a real date and time. */
function isoSeconds(s: string): number | undefined {
  const m = ISO.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || sec > 59) return undefined;
  let offset = 0;
  const zone = m[8]?.toUpperCase();
  if (zone && !['Z', 'UTC', 'GMT'].includes(zone)) {
    const zm = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
    const zh = Number(zm?.[2]);
    const zmin = Number(zm?.[3] ?? 0);
    if (!zm || zh > 14 || zmin > 59) return undefined;
    offset = (zm[1] === '-' ? -1 : 1) * (zh * 3600 + zmin * 60);
  }
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d); // Date.UTC maps years 0..99 to 1900..1999
  date.setUTCHours(h, mi, sec, 0);
  const frac = m[7] ?? '';
  const ms = Number(`${frac.slice(0, 3).padEnd(3, '0')}.${frac.slice(3) || '0'}`);
  return (date.getTime() + ms) / 1000 - offset;
}

/** A time field read strictly: its value in unix seconds, or why it was refused. */
export function readTime(raw: string): TimeRead {
  const s = raw.trim();
  const bad = (why: string): TimeRead => ({ ok: false, reason: `time ${quote(s)} ${why} ${EXPECTED}` });
  if (s === '') return { ok: false, reason: `the time is empty ${EXPECTED}` };
  let value: number;
  const numeric = UNIX.test(s);
  if (numeric) {
    value = Number(s);
    if (!Number.isFinite(value)) return bad('is not a finite number');
    if (value < 0) return bad('is negative');
  } else if (NON_FINITE.test(s)) return bad('is not a finite number');
  else {
    const v = isoSeconds(s);
    if (v === undefined) return bad(/^\d{4}-\d{2}-\d{2}/.test(s) ? 'is not a valid date and time' : 'is neither unix seconds nor an ISO-8601 date');
    value = v;
  }
  if (value < TIME_MIN) return bad('is before 1990');
  if (value >= TIME_MAX) return bad(numeric && value / 1000 >= TIME_MIN && value / 1000 < TIME_MAX ? 'is after 2100: milliseconds? divide by 1000' : 'is after 2100');
  return { ok: true, value };
}

/** Unix seconds (float) of a time field; NaN when `readTime` refuses it. */
export function parseTime(raw: string): number {
  const r = readTime(raw);
  return r.ok ? r.value : NaN;
}
