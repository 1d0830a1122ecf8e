/**
 * The shoppers of the vitals bench, on one driver: a new visitor (an empty profile per
 * view), a returning one (a profile seeded by a first visit — cards clicked, the model
 * loaded — then fresh navigations to the page), and a returning one whose model cache was
 * cleared before each view. Page variants take turns within each run, so "with" and
 * "without" share the machine's state of the moment.
 */
import type { DemoProduct } from '../../demo/products';
import type { DeviceProfile, EngineDriver, Profile } from './driver';
import { viewMetrics, type ViewMetrics } from './metrics';
import type { Variant } from './page';
import { view } from './view';

export const SCENARIOS = ['new', 'returning', 'model cache cleared'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface CellRuns {
  device: DeviceProfile['name'];
  cards: number;
  scenario: Scenario;
  variant: Variant;
  views: ViewMetrics[];
}

export interface GridPlan {
  device: DeviceProfile;
  products: readonly DemoProduct[];
  variants: readonly Variant[];
  scenarios: readonly Scenario[];
  runs: number;
  /** The page's URL for a variant (a query is added per view). */
  url(variant: Variant): string;
  /** A page of the same origin with no script, to leave a view on before its storage is changed. */
  blankUrl: string;
  sdkPaths: readonly string[];
  /** Called after each seeding visit and each view (progress). */
  onSeed?(variant: Variant, wallMs: number): void;
  onView?(cell: Omit<CellRuns, 'views'>, m: ViewMetrics, wallMs: number): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let counter = 0;
const fresh = (url: string) => `${url}?view=${++counter}`;

/** Waits for an in-page condition (an expression), polling; false at the limit. */
async function until(profile: Profile, expression: string, limitMs: number): Promise<boolean> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    if (await profile.tab.evaluate<boolean>(expression).catch(() => false)) return true;
    await sleep(100);
  }
  return false;
}

/** Cards a shopper clicked on the first visit: the last four of the page's last category, so the personalised order differs from the page's. */
export function seedClicks(products: readonly DemoProduct[]): string[] {
  const category = products[products.length - 1].category;
  return products.filter((p) => p.category === category).slice(-4).map((p) => p.id);
}

/** A first visit: the page, four card clicks, the model loaded (history in IndexedDB, the model in its cache), then the page again. */
async function seed(driver: EngineDriver, plan: GridPlan, variant: Variant): Promise<Profile> {
  const profile = await driver.newProfile(plan.device);
  await profile.emulate?.(false);
  await profile.tab.goto(fresh(plan.url(variant)));
  const vitrine = variant !== 'none';
  if (vitrine) await until(profile, `!!(window.vitrine && window.vitrine.firstReorder && window.vitrine.firstReorder())`, 60_000);
  const ids = seedClicks(plan.products);
  for (const id of ids) await profile.tab.click(`[data-vitrine-item="${id}"] .card`);
  if (vitrine && !(await until(profile, `vitrine.stats().events >= ${ids.length} && vitrine.stats().state === 'ready'`, 120_000))) {
    throw new Error(`seeding ${variant}: the model did not load (${JSON.stringify(await profile.tab.evaluate('vitrine.stats()'))})`);
  }
  // the next page, as the shopper's next visit (the model is written to its cache after it loaded: this one reads it back)
  await profile.tab.goto(fresh(plan.url(variant)));
  if (vitrine) await until(profile, `!!(window.vitrine && window.vitrine.firstReorder && window.vitrine.firstReorder()) && vitrine.stats().state === 'ready'`, 60_000);
  await profile.emulate?.(true);
  return profile;
}

/** The model's caches: the Cache API and the model store's IndexedDB database (src/model/store); the history and the snapshot stay. */
const CLEAR_CACHES = `caches.keys().then((keys) => Promise.all(keys.map((k) => caches.delete(k))))
  .then(() => new Promise((done) => { const r = indexedDB.deleteDatabase('vitrine-models'); r.onsuccess = r.onerror = r.onblocked = () => done(); }))
  .then(() => true)`;

/** Rotates the variants by the run number, so none of them always goes first. */
const turn = <T>(xs: readonly T[], run: number) => xs.map((_, i) => xs[(i + run) % xs.length]);

/** Every scenario of one grid size on one device: the runs of each (scenario, variant) cell. */
export async function runGrid(driver: EngineDriver, plan: GridPlan): Promise<CellRuns[]> {
  const cells = new Map<string, CellRuns>();
  const pageOrder = plan.products.map((p) => p.id);
  const quietMs = plan.device.cpu > 1 ? 500 : 300;
  const record = async (profile: Profile, scenario: Scenario, variant: Variant) => {
    const key = `${scenario}|${variant}`;
    if (!cells.has(key)) cells.set(key, { device: plan.device.name, cards: plan.products.length, scenario, variant, views: [] });
    const t = Date.now();
    const r = await view(profile.tab, fresh(plan.url(variant)), { vitrine: variant !== 'none', quietMs, limitMs: 60_000, sdkPaths: plan.sdkPaths });
    const m = viewMetrics(r, pageOrder, plan.sdkPaths);
    cells.get(key)!.views.push(m);
    plan.onView?.({ device: plan.device.name, cards: plan.products.length, scenario, variant }, m, Date.now() - t);
  };
  if (plan.scenarios.includes('new')) {
    for (let run = 0; run < plan.runs; run++) {
      for (const variant of turn(plan.variants, run)) {
        const profile = await driver.newProfile(plan.device);
        try {
          await record(profile, 'new', variant);
        } finally {
          await profile.close();
        }
      }
    }
  }
  const returning = plan.scenarios.filter((s) => s !== 'new');
  // an engine with one profile at a time: each variant's profile is seeded, measured and closed in turn
  const rounds = returning.length && driver.oneProfileAtATime ? plan.variants.map((v) => [v]) : [plan.variants];
  for (const variants of returning.length ? rounds : []) {
    const profiles = new Map<Variant, Profile>();
    try {
      for (const variant of variants) {
        const t = Date.now();
        profiles.set(variant, await seed(driver, plan, variant));
        plan.onSeed?.(variant, Date.now() - t);
      }
      for (let run = 0; run < plan.runs; run++) {
        for (const scenario of returning) {
          for (const variant of turn(variants, run)) {
            // without Vitrine there is no model cache: that view would be the returning one again (its ratios use the returning one)
            if (scenario === 'model cache cleared' && variant === 'none') continue;
            const profile = profiles.get(variant)!;
            if (scenario === 'model cache cleared') {
              // off the page first, so no running instance writes to the cache after it was emptied
              await profile.tab.goto(plan.blankUrl);
              await profile.tab.evaluate(CLEAR_CACHES);
            }
            await record(profile, scenario, variant);
          }
        }
      }
    } finally {
      for (const p of profiles.values()) await p.close();
    }
  }
  return [...cells.values()];
}
