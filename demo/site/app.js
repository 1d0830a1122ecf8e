// The demo page: personas replayed into a fresh on-device history, both orders side by side, the
// store's knobs, the evidence charts and the trust panel. Fails open: any error leaves the store's order.
import { renderBefore, renderAfter, markCategory, setReason, categoryOf } from './grids.js';
import { hitRateChart, mrrChart, replayChart, kpis } from './charts.js';
import { networkLog, modelCard, engine } from './trust.js';

const data = JSON.parse(document.getElementById('demo-data').textContent);
const $ = (id) => document.getElementById(id);
const products = data.products;
const model = new URL('models/demo/manifest.json', location.href).href;
const STEP_MS = Number(new URLSearchParams(location.search).get('step') ?? 700);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const state = { persona: null, instance: null, arms: null, run: 0, replaying: false, unmountProfile: null };
/** For the tests and the curious: the charts and the current order. */
window.vitrineDemo = { charts: [], order: products.map((p) => p.id), data, done: 0 };

function settings() {
  const div = $('diversity').value.split(':');
  return {
    blend: Number($('blend').value),
    diversity: div[0] ? { by: div[0], max: Number(div[1]), window: Number(div[2]) } : null,
    maxDisplacement: $('maxdisp').value ? Number($('maxdisp').value) : null,
    pins: Number($('pins').value),
    holdout: Number($('holdout').value),
  };
}

const dbName = (p) => `vitrine-demo-${p.id}`;
const create = (p, extra) => {
  const s = settings();
  return window.Vitrine.createVitrine({ model, dbName: dbName(p), autoTrack: false, autoReorder: false, blend: s.blend, diversity: s.diversity, maxDisplacement: s.maxDisplacement, ...extra });
};

function items() {
  const pins = settings().pins;
  return products.map((p, i) => ({ id: p.id, category: p.category, brand: p.brand, price: p.price, pinned: i < pins }));
}

async function rerank() {
  const inst = state.instance;
  if (!inst) return show(products.map((p) => p.id));
  const t0 = performance.now();
  const ordered = await inst.rank(items());
  const ms = performance.now() - t0;
  if (inst !== state.instance) return;
  show(ordered.map((x) => x.id));
  window.vitrineDemo.stats = inst.stats();
  engine($('engine'), window.vitrineDemo.stats, ms);
}

function show(order) {
  window.vitrineDemo.order = order;
  const pinned = new Set(items().filter((x) => x.pinned).map((x) => x.id));
  renderAfter($('after'), products, order, { pinned });
  markCategory(document, products, state.persona?.category);
  const cat = state.persona?.category;
  if (cat) {
    const top = (ids) => ids.slice(0, 8).filter((id) => categoryOf(products.find((p) => p.id === id).category) === cat).length;
    $('compare-note').textContent = `Highlighted: ${cat.replace('.', ' › ')}, this shopper's category. In the first 8 products: ${top(products.map((p) => p.id))} in the store's order, ${top(order)} in Vitrine's.`;
  }
}

/** The "Recommended for you" row from the shopper's instance (before a replay, the script tag's slot shows trending). */
async function recommendRow() {
  const inst = state.instance;
  if (!inst) return;
  const recs = await inst.recommend({ kind: 'for-you', k: 8, into: $('recs') });
  if (inst === state.instance) window.vitrineDemo.recs = recs.map((r) => ({ id: r.id, category: r.category, source: r.source }));
}

async function explainTop() {
  const inst = state.instance;
  const list = $('after');
  list.querySelectorAll('.why').forEach((el) => el.remove());
  if (!inst) return;
  for (const id of window.vitrineDemo.order.slice(0, 4)) {
    const ex = await inst.explain(id);
    if (inst !== state.instance) return;
    setReason(list, id, ex.text);
  }
}

function mountProfile() {
  state.unmountProfile?.();
  const el = $('profile');
  el.replaceChildren();
  state.unmountProfile = state.instance.renderProfile(el);
}

async function replay(p) {
  const run = ++state.run;
  state.persona = p;
  state.replaying = true;
  for (const b of document.querySelectorAll('.persona')) b.setAttribute('aria-pressed', String(b.dataset.id === p.id));
  state.instance?.destroy();
  state.instance = create(p);
  await state.instance.forget();
  show(products.map((x) => x.id));
  mountProfile();
  for (let i = 0; i < p.steps.length; i++) {
    const s = p.steps[i];
    if (run !== state.run) return;
    await state.instance.track({ item: s.item, type: s.type, attrs: { title: s.title, category: s.category, ...(s.brand ? { brand: s.brand } : {}), ...(s.price !== undefined ? { price: s.price } : {}) } });
    await rerank();
    await recommendRow();
    const verb = s.type === 'purchase' ? 'bought' : s.type === 'add_to_cart' ? 'put in the cart' : 'looked at';
    $('replay-status').textContent = `Step ${i + 1} of ${p.steps.length}: ${verb} ${s.brand ? `${s.brand} ` : ''}${s.category.split('.').pop().replace(/_/g, ' ')}`;
    await sleep(STEP_MS);
  }
  if (run !== state.run) return;
  state.replaying = false;
  $('replay-status').textContent = `Replayed ${p.steps.length} steps of a real shopper. The grid on the right is their order now.`;
  await explainTop();
  await arms();
  window.vitrineDemo.done++;
}

async function onKnob() {
  $('blend-out').textContent = Number($('blend').value).toFixed(2);
  $('holdout-out').textContent = `${Math.round(Number($('holdout').value) * 100)}%`;
  if (state.persona && !state.replaying) {
    state.instance?.destroy();
    state.instance = create(state.persona);
    mountProfile();
    // the model, not the stored snapshot, orders after a change of the rules
    await state.instance.ready();
    await rerank();
    await explainTop();
  } else if (!state.persona) show(products.map((p) => p.id));
  await arms();
}

/** Both A/B arms: what each sees, the share of browsers in each, and this browser's arm for the holdout chosen. */
async function arms() {
  const share = Number($('holdout').value);
  const root = $('arms');
  let mine = 'personalized';
  if (state.persona && share > 0) {
    state.arms?.destroy();
    state.arms = create(state.persona, { holdout: share });
    await state.arms.ready();
    mine = state.arms.stats().arm;
  }
  const arm = (title, ids, isMine, text) => {
    const d = document.createElement('div');
    d.className = `arm${isMine ? ' mine' : ''}`;
    const h = document.createElement('strong');
    h.textContent = title;
    const p = document.createElement('p');
    p.className = 'note';
    p.textContent = text;
    const ol = document.createElement('ol');
    for (const id of ids.slice(0, 4)) {
      const li = document.createElement('li');
      li.textContent = products.find((x) => x.id === id).name;
      ol.append(li);
    }
    d.append(h, p, ol);
    return d;
  };
  root.replaceChildren(
    arm(`Control arm: ${Math.round(share * 100)}% of browsers`, products.map((p) => p.id), mine === 'holdout', share ? "The store's order: the baseline your analytics compares against." : 'No holdout: every browser is personalised.'),
    arm(`Personalised arm: ${Math.round((1 - share) * 100)}% of browsers`, window.vitrineDemo.order, mine !== 'holdout', "Vitrine's order. Each browser draws its arm once and keeps it."),
  );
  const badge = $('arm-badge');
  badge.hidden = !(state.persona && share > 0);
  badge.textContent = mine === 'holdout' ? 'this browser: control arm' : 'this browser: personalised arm';
}

function personas() {
  const rule = data.personaRule;
  $('persona-note').textContent = `Real shoppers from the REES46 store's held-out sessions (never used in training), chosen by one rule: ${rule.minSteps}–${rule.maxSteps} steps, at least ${Math.round(rule.minFocus * 100)}% in one category the store shows, the one with the most products per category. Press one to replay their clicks into a fresh history in this browser.`;
  $('persona-list').replaceChildren(
    ...data.personas.map((p) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'persona';
      b.dataset.id = p.id;
      b.setAttribute('aria-pressed', 'false');
      const who = document.createElement('span');
      who.className = 'who';
      who.textContent = p.name;
      const what = document.createElement('span');
      what.className = 'what';
      what.textContent = `${p.steps.length} steps, mostly ${p.category.replace('.', ' › ')}`;
      const go = document.createElement('span');
      go.className = 'go';
      go.textContent = 'Replay ▶';
      b.append(who, what, go);
      b.addEventListener('click', () => void replay(p).catch(failOpen));
      return b;
    }),
  );
}

function evidence() {
  const ev = data.evidence;
  $('evidence-note').textContent = `Measured by the build (npm run demo:build): vitrine eval --json on both datasets shipped with Vitrine, and a replay of ${ev.replay.all.sessions} held-out REES46 shoppers through the SDK's own ordering (default blend ${ev.replay.all.settings.blend}). Intervals: bootstrap over shoppers, 95%.`;
  kpis($('kpis'), ev.replay);
  const charts = window.vitrineDemo.charts;
  replayChart($('fig-replay'), ev.replay, charts);
  for (const d of ev.datasets) hitRateChart($(`fig-hr-${d.label}`), d.label, d.file, d.eval, charts);
  mrrChart($('fig-mrr'), ev.datasets, charts);
}

function failOpen(error) {
  console.warn('[vitrine demo] kept the store order:', error);
  state.replaying = false;
  show(products.map((p) => p.id));
}

renderBefore($('before'), products);
show(products.map((p) => p.id));
personas();
evidence();
modelCard($('model-card'), data.model);
networkLog($('net-log').querySelector('tbody'), $('net-summary'));
$('knob-form').addEventListener('input', () => void onKnob().catch(failOpen));
// the profile widget's Remove and Erase act on the instance's history: show the order they leave
$('profile').addEventListener('click', (e) => {
  if (!e.target.closest('button') || state.replaying) return;
  setTimeout(() => void rerank().then(explainTop).then(arms).catch(failOpen), 100);
});
void arms();
if ('serviceWorker' in navigator && location.protocol !== 'file:') navigator.serviceWorker.register('sw.js').catch(() => {});
