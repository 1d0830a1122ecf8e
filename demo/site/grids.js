// The two grids: the store's order and Vitrine's, with per-item movement, reasons and a FLIP animation.

const esc = (s) => String(s);
const hue = (s) => {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h % 360;
};
const group = (category) => category.split('.').slice(0, 2).join('.');
const words = (category) => category.split('.').map((w) => w.replace(/_/g, ' ')).join(' › ');

/** One product card (text only: names are set with textContent). */
export function card(p, position) {
  const li = document.createElement('li');
  li.className = 'card';
  li.dataset.id = p.id;
  const pos = document.createElement('span');
  pos.className = 'pos';
  pos.style.background = `hsl(${hue(group(p.category))} 55% 45%)`;
  pos.textContent = String(position);
  const name = document.createElement('span');
  name.className = 'name';
  name.textContent = esc(p.name);
  const meta = document.createElement('span');
  meta.className = 'meta';
  meta.textContent = `${words(p.category)} · ${p.price.toFixed(2)}`;
  li.append(pos, name, meta);
  return li;
}

/** Fills the store's grid once. */
export function renderBefore(list, products) {
  list.replaceChildren(...products.map((p, i) => card(p, i + 1)));
}

/**
 * Puts Vitrine's grid in `order` (product ids) with a FLIP animation: each card's old box (First),
 * the new order in the DOM (Last), an inverse transform, then the transform played back to none.
 */
export function renderAfter(list, products, order, opts) {
  const byId = new Map(products.map((p) => [p.id, p]));
  const pageIndex = new Map(products.map((p, i) => [p.id, i]));
  const existing = new Map([...list.children].map((li) => [li.dataset.id, li]));
  const first = new Map([...existing].map(([id, li]) => [id, li.getBoundingClientRect()]));
  const cards = order.map((id, slot) => {
    const li = existing.get(id) ?? card(byId.get(id), slot + 1);
    li.querySelector('.pos').textContent = String(slot + 1);
    const delta = pageIndex.get(id) - slot;
    let move = li.querySelector('.move');
    if (!move) {
      move = document.createElement('span');
      li.append(move);
    }
    move.className = `move ${delta > 0 ? 'up' : delta < 0 ? 'down' : 'same'}`;
    move.textContent = delta > 0 ? `↑${delta}` : delta < 0 ? `↓${-delta}` : '=';
    move.setAttribute('aria-label', delta > 0 ? `up ${delta}` : delta < 0 ? `down ${-delta}` : 'not moved');
    setPin(li, opts.pinned.has(id));
    return li;
  });
  list.replaceChildren(...cards);
  const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
  for (const li of cards) {
    const was = first.get(li.dataset.id);
    if (!was || still) continue;
    const now = li.getBoundingClientRect();
    const dx = was.left - now.left;
    const dy = was.top - now.top;
    if (!dx && !dy) continue;
    li.style.transition = 'none';
    li.style.transform = `translate(${dx}px, ${dy}px)`;
    requestAnimationFrame(() => {
      li.style.transition = 'transform 450ms cubic-bezier(.2,.7,.2,1)';
      li.style.transform = '';
    });
  }
}

function setPin(li, pinned) {
  let pin = li.querySelector('.pin');
  if (pinned && !pin) {
    pin = document.createElement('span');
    pin.className = 'pin';
    pin.textContent = 'pinned by the store';
    li.append(pin);
  } else if (!pinned && pin) pin.remove();
}

/** Marks the cards of a category (two path levels) in both grids. */
export function markCategory(root, products, category) {
  const of = new Map(products.map((p) => [p.id, group(p.category)]));
  for (const li of root.querySelectorAll('.card')) li.classList.toggle('match', !!category && of.get(li.dataset.id) === category);
}

/** Writes (or clears) the "because you viewed …" line of a card. */
export function setReason(list, id, text) {
  const li = list.querySelector(`[data-id="${CSS.escape(id)}"]`);
  if (!li) return;
  let why = li.querySelector('.why');
  if (!text) return void why?.remove();
  if (!why) {
    why = document.createElement('span');
    why.className = 'why';
    li.append(why);
  }
  why.textContent = text;
}

export const categoryOf = group;
