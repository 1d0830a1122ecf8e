// The trust panel: the page's own network log (Resource Timing), the model card, the last re-rank.

const KINDS = [
  [/\/vendor\/vitrine\.iife\.js$/, 'SDK: loader'],
  [/\/vendor\/vitrine-full\.mjs$/, 'SDK: full SDK'],
  [/\/vendor\/vitrine-ml\.mjs$/, 'SDK: ML runtime'],
  [/\/vendor\/[^/]+\.(m?js|wasm)$/, 'SDK: engine chunk'],
  [/\/models\/[^/]+\/manifest\.json$/, 'model: manifest'],
  [/\/models\/[^/]+\/model\.json$/, 'model: weights manifest'],
  [/\/models\/[^/]+\/weights\.bin$/, 'model: weights'],
  [/\/models\/[^/]+\/item-to-item\.json$/, 'model: item-to-item tables'],
  [/\/models\/[^/]+\/catalog\.json$/, 'model: catalog pack (recommendations)'],
];

/** What a fetched URL is: one of the SDK's or the model's files, or `null` (anything else). */
export function kindOf(url, base) {
  const u = new URL(url, base);
  const here = new URL('.', base);
  if (u.origin !== here.origin || !u.pathname.startsWith(here.pathname)) return null;
  const hit = KINDS.find(([re]) => re.test(u.pathname));
  return hit ? hit[1] : null;
}

/** Keeps the table of every resource the page fetched, from Resource Timing (entries so far and new ones). */
export function networkLog(tbody, summary) {
  const rows = [];
  const add = (e) => {
    if (e.name.startsWith('data:')) return;
    const kind = kindOf(e.name, location.href);
    rows.push(e);
    const tr = document.createElement('tr');
    const u = new URL(e.name);
    const bytes = e.decodedBodySize || e.encodedBodySize || e.transferSize;
    const via = e.workerStart > 0 ? 'offline worker' : e.transferSize > 0 ? 'network' : 'browser cache';
    const cells = [u.pathname.replace(new URL('.', location.href).pathname, '') + u.search, kind ?? 'NOT the SDK or the model', bytes ? (bytes / 1024).toFixed(1) : '—', via];
    cells.forEach((c, i) => {
      const td = document.createElement('td');
      td.textContent = c;
      if (i === 2) td.className = 'num';
      if (i === 1) td.className = kind ? '' : 'bad';
      tr.append(td);
    });
    tr.dataset.kind = kind ? (kind.startsWith('SDK') ? 'sdk' : 'model') : 'other';
    tbody.append(tr);
    const others = rows.filter((r) => !kindOf(r.name, location.href)).length;
    const hosts = new Set(rows.map((r) => new URL(r.name).host));
    summary.replaceChildren();
    const s = document.createElement('span');
    s.className = others ? 'bad' : 'ok';
    s.textContent = others ? `${others} request(s) that are not the SDK or the model.` : `${rows.length} requests, all to the SDK's and the model's own files on ${[...hosts].join(', ')}. Nothing about the shopper was sent.`;
    summary.append(s, document.createTextNode(' Read live from the browser (Resource Timing); the page itself, its script and its data came in one file. Sizes are of the files as used (before compression); the model files are kept in IndexedDB after the first visit.'));
  };
  performance.getEntriesByType('resource').forEach(add);
  new PerformanceObserver((list) => list.getEntries().forEach(add)).observe({ type: 'resource', buffered: false });
}

function facts(dl, pairs) {
  dl.replaceChildren(
    ...pairs.flatMap(([k, v]) => {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = v;
      return [dt, dd];
    }),
  );
}

/** The model card summary: size, version, data, quality (from manifest.json, at build time). */
export function modelCard(dl, model) {
  const rows = model.eval?.rows ?? [];
  const get = (name) => rows.find((r) => r.name === name);
  const shipped = get('model (shipped)');
  const sknn = get('session-knn');
  facts(dl, [
    ['model', `${model.name} (${model.version})`],
    ['trained', `${model.created.slice(0, 10)} on ${model.dataset}, test sessions held out`],
    ['size', `${(model.bytes / 1024).toFixed(0)} KB in ${model.files.length} files, each checked by SHA-256`],
    ['quality', shipped ? `HR@20 ${shipped['HR@20'].toFixed(3)}, MRR@20 ${shipped['MRR@20'].toFixed(3)}${sknn ? ` (session-kNN ${sknn['HR@20'].toFixed(3)}, ${sknn['MRR@20'].toFixed(3)})` : ''}` : 'see MODEL_CARD.md'],
    ['card', 'models/demo/MODEL_CARD.md'],
  ]);
}

/** Engine and latency of the last re-rank, from stats(). */
export function engine(dl, stats, ms) {
  facts(dl, [
    ['engine', stats.backend ?? 'none'],
    ['re-rank', `${(stats.lastRankMs ?? ms).toFixed(1)} ms in the SDK, ${ms.toFixed(1)} ms for the call`],
    ['model from', stats.modelSource ?? '—'],
    ['history', `${stats.events} events on this device`],
    ['state', stats.state],
  ]);
}
