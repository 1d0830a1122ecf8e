import type { LoadedData } from '../../cli/load';
import { EVENT_TYPES, type EventType } from '../../src/features/types';
import { categoryPaths } from '../../src/features/tokens';

export interface PersonaStep {
  item: string;
  type: EventType;
  /** A name for the product like the demo storefront's (brand, kind, price: "Samsung smartphone (130.76)"); REES46 has no titles. */
  title: string;
  category: string;
  brand?: string;
  price?: number;
}

export interface Persona {
  id: string;
  /** What they did, in words ("Looked at 3 Samsung smartphones, then put 1 in the cart"). */
  name: string;
  /** The category (two path levels) most of their steps were in. */
  category: string;
  session: string;
  steps: PersonaStep[];
}

/** The documented rule (README, demo section); every number here is part of it. */
export const PERSONA_RULE = {
  minSteps: 3,
  maxSteps: 10,
  /** Share of steps in the session's most frequent category. */
  minFocus: 0.6,
  maxPersonas: 5,
};

const groupOf = (category: string) => categoryPaths(category, 2)[1] ?? categoryPaths(category, 1)[0];

/**
 * Personas from the held-out (test) sessions, by one rule, never by id: a session's steps are its
 * events with consecutive repeats (same item and type) merged; a session qualifies when it has
 * `minSteps`..`maxSteps` steps, every step's product has a category, and at least `minFocus` of the
 * steps are in one category (two path levels) that the storefront shows (`shelf`). For each such
 * category the session with the most distinct products wins (then more steps, then the earlier
 * start, then the session id); the `maxPersonas` categories whose winners have the most distinct
 * products become personas.
 */
export function pickPersonas(data: LoadedData, shelf: ReadonlySet<string>, rule = PERSONA_RULE): Persona[] {
  const best = new Map<string, { steps: PersonaStep[]; distinct: number; start: number; session: string }>();
  for (const s of data.test) {
    const steps: PersonaStep[] = [];
    for (let p = 0; p < s.items.length; p++) {
      const i = s.items[p];
      const type = EVENT_TYPES[s.types[p]] ?? 'view';
      const last = steps[steps.length - 1];
      if (last && last.item === data.items.ids[i] && last.type === type) continue;
      const a = data.items.attrs[i];
      const category = a?.category ?? '';
      steps.push({ item: data.items.ids[i], type, title: `${a?.brand ? `${cap(a.brand)} ` : ''}${category ? leaf(category) : 'product'}${a?.price !== undefined ? ` (${a.price.toFixed(2)})` : ''}`, category, brand: a?.brand, price: a?.price });
    }
    if (steps.length < rule.minSteps || steps.length > rule.maxSteps || steps.some((x) => !x.category)) continue;
    const tally = new Map<string, number>();
    for (const x of steps) tally.set(groupOf(x.category), (tally.get(groupOf(x.category)) ?? 0) + 1);
    const [group, count] = [...tally].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    if (count / steps.length < rule.minFocus || !shelf.has(group)) continue;
    const cand = { steps, distinct: new Set(steps.map((x) => x.item)).size, start: s.first, session: s.id! };
    const prev = best.get(group);
    if (!prev || better(cand, prev)) best.set(group, cand);
  }
  return [...best]
    .sort((a, b) => b[1].distinct - a[1].distinct || (better(a[1], b[1]) ? -1 : 1))
    .slice(0, rule.maxPersonas)
    .map(([category, c], k) => ({ id: `p${k + 1}`, name: describe(c.steps), category, session: c.session, steps: c.steps }));
}

type Cand = { steps: PersonaStep[]; distinct: number; start: number; session: string };
const better = (a: Cand, b: Cand) =>
  a.distinct !== b.distinct ? a.distinct > b.distinct : a.steps.length !== b.steps.length ? a.steps.length > b.steps.length : a.start !== b.start ? a.start < b.start : a.session < b.session;

const VERB: Record<EventType, (what: string) => string> = {
  view: (w) => `looked at ${w}`,
  click: (w) => `looked at ${w}`,
  add_to_cart: (w) => `put ${w} in the cart`,
  purchase: (w) => `bought ${w}`,
};
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const leaf = (category: string) => category.split('.').pop()!.replace(/_/g, ' ');
const plural = (w: string) => (/(s|x|ch|sh)$/.test(w) ? w : `${w}s`);
const article = (w: string) => (/^[aeiou]/i.test(w) ? `an ${w}` : `a ${w}`);
const kind = (t: EventType): EventType => (t === 'click' ? 'view' : t);

/**
 * What a persona did, in words: runs of steps of one kind of event (looked at, put in the cart,
 * bought); in each run the two most frequent kinds of product with their counts (distinct products)
 * and up to two brands of the first ("Looked at 4 microwaves (Midea, Bbk) and an oven, then bought
 * one"); a run of products the run before showed says "it" / "one" / "them".
 */
export function describe(steps: readonly PersonaStep[]): string {
  const runs: { type: EventType; items: PersonaStep[] }[] = [];
  for (const x of steps) {
    const last = runs[runs.length - 1];
    if (last && kind(last.type) === kind(x.type)) last.items.push(x);
    else runs.push({ type: kind(x.type), items: [x] });
  }
  const ids = (r: (typeof runs)[number]) => new Set(r.items.map((x) => x.item));
  const phrase = (r: (typeof runs)[number], i: number) => {
    const mine = ids(r);
    const prev = i > 0 ? ids(runs[i - 1]) : undefined;
    if (prev && [...mine].every((id) => prev.has(id))) return VERB[r.type](mine.size === 1 ? (prev.size === 1 ? 'it' : 'one') : mine.size === prev.size ? 'them' : `${mine.size} of them`);
    const kinds = new Map<string, { items: Set<string>; brands: string[] }>();
    for (const x of r.items) {
      const k = kinds.get(leaf(x.category)) ?? { items: new Set(), brands: [] };
      k.items.add(x.item);
      if (x.brand && !k.brands.includes(cap(x.brand))) k.brands.push(cap(x.brand));
      kinds.set(leaf(x.category), k);
    }
    const top = [...kinds].sort((a, b) => b[1].items.size - a[1].items.size).slice(0, 2);
    const words = top.map(([w, k], j) => {
      const n = k.items.size;
      const brands = j === 0 && k.brands.length ? ` (${k.brands.slice(0, 2).join(', ')}${k.brands.length > 2 ? ', …' : ''})` : '';
      return `${n === 1 ? article(w) : `${n} ${plural(w)}`}${brands}`;
    });
    return VERB[r.type](words.join(' and ') + (kinds.size > 2 ? ' and more' : ''));
  };
  return cap(runs.slice(0, 3).map(phrase).join(', then ')) + (runs.length > 3 ? ', …' : '');
}
