// Evidence charts (Chartist, SVG), drawn from the eval files the build inlined; each has a legend and its numbers.
import { LineChart, BarChart } from 'chartist';

const LETTERS = 'abcdefghijklmno';
const METHODS = [
  ['model (shipped)', 'Vitrine (the model as shipped)'],
  ['popularity', 'popularity (best sellers)'],
  ['transition', 'transition (what usually comes next)'],
  ['session-knn', 'session-kNN (similar sessions)'],
];
const pct = (x) => `${(x * 100).toFixed(1)}%`;
const num = (x, d = 2) => Number(x).toFixed(d);

function legend(fig, names) {
  fig.querySelector('.legend').replaceChildren(
    ...names.map((n, i) => {
      const li = document.createElement('li');
      li.className = `ct-series-${LETTERS[i]}`;
      li.textContent = n;
      return li;
    }),
  );
}

function table(fig, head, rows) {
  const t = document.createElement('table');
  const tr = (cells, tag) => {
    const r = document.createElement('tr');
    cells.forEach((c, i) => {
      const cell = document.createElement(tag);
      if (tag === 'th') cell.scope = 'col';
      if (i > 0) cell.className = 'num';
      cell.textContent = String(c);
      r.append(cell);
    });
    return r;
  };
  const thead = document.createElement('thead');
  thead.append(tr(head, 'th'));
  const tbody = document.createElement('tbody');
  rows.forEach((r) => tbody.append(tr(r, 'td')));
  t.append(thead, tbody);
  fig.querySelector('.numbers').replaceChildren(t);
}

function caption(fig, title, sentence) {
  const c = fig.querySelector('figcaption');
  const s = document.createElement('strong');
  s.textContent = title;
  c.replaceChildren(s, document.createTextNode(sentence));
  fig.querySelector('.chart').setAttribute('role', 'img');
  fig.querySelector('.chart').setAttribute('aria-label', `${title}. ${sentence} The numbers are in the table below.`);
}

const chartOptions = (max) => ({ fullWidth: true, low: 0, high: max, lineSmooth: false, chartPadding: { right: 16, left: 0, top: 8 }, axisY: { labelInterpolationFnc: (v) => `${Math.round(v * 100)}%` } });

/** HR@k, k = 1..20, per method, for one dataset's eval file. */
export function hitRateChart(fig, label, file, evalJson, charts) {
  const curves = METHODS.map(([name, title]) => ({ title, curve: evalJson.curves.find((c) => c.name === name) })).filter((m) => m.curve);
  const k = curves[0].curve.k;
  const n = curves[0].curve.n;
  caption(fig, `How often the next click is in the top k: ${label}`, ` Of ${n.toLocaleString('en')} next clicks of held-out shoppers, the share that each method put among the k products it ranks first, out of the whole catalog (${file}).`);
  legend(fig, curves.map((m) => m.title));
  charts.push(new LineChart(fig.querySelector('.chart'), { labels: k.map((x) => (x % 5 === 0 || x === 1 ? String(x) : '')), series: curves.map((m) => ({ name: m.curve.name, data: m.curve.hr })) }, chartOptions(1)));
  table(fig, ['method', 'HR@1', 'HR@5', 'HR@10', 'HR@20', 'MRR@20'], curves.map((m) => [m.curve.name, ...[0, 4, 9, 19].map((i) => num(m.curve.hr[i], 4)), num(m.curve.mrr[19], 4)]));
}

/** MRR@20 of each method on each dataset. */
export function mrrChart(fig, datasets, charts) {
  const names = METHODS.filter(([name]) => datasets.every((d) => d.eval.curves.some((c) => c.name === name)));
  caption(fig, 'How high the next click ranks (MRR@20)', ' The average of 1 / position of the next click (1 when it is first, 0.5 when second, 0 past 20): higher means it sits nearer the top.');
  legend(fig, names.map(([, title]) => title));
  const value = (d, name) => d.eval.curves.find((c) => c.name === name).mrr[19];
  charts.push(new BarChart(fig.querySelector('.chart'), { labels: datasets.map((d) => d.label), series: names.map(([name]) => ({ name, data: datasets.map((d) => value(d, name)) })) }, { low: 0, chartPadding: { top: 8 }, axisY: { labelInterpolationFnc: (v) => num(v, 2) } }));
  table(fig, ['method', ...datasets.map((d) => d.label)], names.map(([name]) => [name, ...datasets.map((d) => num(value(d, name), 4))]));
}

/** The replay: share of next clicks within the first k positions of their category page, store order vs Vitrine's. */
export function replayChart(fig, replay, charts) {
  const r = replay.all;
  caption(fig, 'Where the next click sat on its category page', ` ${r.n.toLocaleString('en')} next clicks of ${r.sessions} held-out shoppers, on the ${r.settings.pageSize}-product page of their category: the share found within the first k products, in the store's order and in Vitrine's order of the same page.`);
  legend(fig, ["Vitrine's order", "store's order"]);
  charts.push(new LineChart(fig.querySelector('.chart'), { labels: r.cdf.k.map((x) => (x % 4 === 0 || x === 1 ? String(x) : '')), series: [{ name: 'personalised', data: r.cdf.personalised }, { name: 'page', data: r.cdf.page }] }, chartOptions(1)));
  table(fig, ['first k', "store's order", "Vitrine's order"], r.cdf.k.filter((x) => x === 1 || x % 4 === 0).map((x) => [x, pct(r.cdf.page[x - 1]), pct(r.cdf.personalised[x - 1])]));
}

/** Headline numbers of the replay with their bootstrap 95% intervals. */
export function kpis(root, replay) {
  const tile = (big, ci, text) => {
    const d = document.createElement('div');
    d.className = 'kpi';
    const b = document.createElement('div');
    b.className = 'big';
    b.textContent = big;
    const c = document.createElement('div');
    c.className = 'ci';
    c.textContent = ci;
    const p = document.createElement('p');
    p.textContent = text;
    d.append(b, c, p);
    return d;
  };
  const iv = (x, f) => `95% interval ${f(x.lo)} to ${f(x.hi)}`;
  const a = replay.all;
  const nw = replay.newProducts;
  const row = a.settings.rowSize;
  root.replaceChildren(
    tile(`${num(a.position.page.mean, 1)} → ${num(a.position.personalised.mean, 1)}`, `change ${num(a.position.change.mean, 1)} (${iv(a.position.change, (x) => num(x, 1))})`, `Average position of the next product the shopper clicked, on its category page: store's order → Vitrine's.`),
    tile(`${pct(a.firstRow.page.mean)} → ${pct(a.firstRow.personalised.mean)}`, `change +${pct(a.firstRow.change.mean)} (${iv(a.firstRow.change, pct)})`, `Share of next clicks that were in the first row (${row} products).`),
    tile(`${num(nw.position.page.mean, 1)} → ${num(nw.position.personalised.mean, 1)}`, `change ${num(nw.position.change.mean, 1)} (${iv(nw.position.change, (x) => num(x, 1))})`, `The same for products the shopper had not looked at yet in that session (${nw.n} clicks): new finds, not returns.`),
  );
}
