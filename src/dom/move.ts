/**
 * The 'move' strategy: puts `ordered[i]` in the slot `current[i]` holds now (`current` in
 * DOM order), in as few DOM operations as a large grid allows. The unchanged first and
 * last slots are left alone; in between, each run of nodes between children that stay
 * put (other children of the grid — headings, ads — and the item holding focus) is taken
 * out with one Range and put back as one DocumentFragment, text between items keeping its
 * place among them. Taking 5,000 nodes out one by one cost about twice as much.
 */
export function moveItems(grid: Element, current: readonly Element[], ordered: readonly Element[]): void {
  let lo = 0;
  let hi = current.length - 1;
  while (lo <= hi && current[lo] === ordered[lo]) lo++;
  if (lo > hi) return;
  while (current[hi] === ordered[hi]) hi--;
  const slotOf = new Map<Node, number>();
  for (let i = lo; i <= hi; i++) slotOf.set(current[i], i);
  // the item holding focus is not taken out (that would blur it, and focusing it again forces a layout): a mark takes its place
  const focused = document.activeElement instanceof HTMLElement && grid.contains(document.activeElement) ? document.activeElement : null;
  let focusItem: Element | null = focused;
  while (focusItem && focusItem.parentElement !== grid) focusItem = focusItem.parentElement;
  if (focusItem && !slotOf.has(focusItem)) focusItem = null;
  const mark = document.createComment('');

  interface Run {
    nodes: Node[]; // taken out
    out: Node[]; // put back, before `before`
    before: Node | null;
  }
  const end = current[hi].nextSibling;
  const runs: Run[] = [];
  let run: Run = { nodes: [], out: [], before: null };
  for (let node: Node | null = current[lo]; node && node !== end; node = node.nextSibling) {
    const slot = slotOf.get(node);
    if (slot !== undefined) run.out.push(ordered[slot] === focusItem ? mark : ordered[slot]);
    if (node === focusItem || (slot === undefined && node instanceof Element)) {
      runs.push({ ...run, before: node });
      run = { nodes: [], out: [], before: null };
    } else {
      run.nodes.push(node);
      if (slot === undefined) run.out.push(node); // text and comments stay among the items
    }
  }
  runs.push({ ...run, before: end });

  const range = document.createRange();
  for (const r of runs) {
    if (r.nodes.length === 0) continue;
    range.setStartBefore(r.nodes[0]);
    range.setEndAfter(r.nodes[r.nodes.length - 1]);
    range.deleteContents();
  }
  for (const r of runs) {
    const batch = document.createDocumentFragment();
    for (let i = 0; i < r.out.length; i += 4096) batch.append(...r.out.slice(i, i + 4096));
    grid.insertBefore(batch, r.before);
  }
  if (focusItem) {
    moveKeepingFocus(grid, focusItem, mark);
    mark.remove();
    if (focused && document.activeElement !== focused) focused.focus({ preventScroll: true });
  }
}

/** Puts `el` before `ref` with `moveBefore` (a move that keeps focus and state) where the browser has it, else an ordinary insert. */
function moveKeepingFocus(grid: Element, el: Element, ref: Node): void {
  const move = (grid as Element & { moveBefore?: (node: Node, child: Node | null) => void }).moveBefore;
  try {
    if (typeof move === 'function') return move.call(grid, el, ref);
  } catch {
    // not movable atomically here: an ordinary insert below
  }
  grid.insertBefore(el, ref);
}

/**
 * Slots in several containers (a carousel ordered across its pages): `ordered[i]` goes where
 * `current[i]` is now, whichever container that is. Each slot that changes is marked, taken out,
 * and put at its new mark; the item holding focus gets it back.
 */
export function moveAcross(current: readonly Element[], ordered: readonly Element[]): void {
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const marks: (Comment | null)[] = current.map((el, i) => {
    if (el === ordered[i]) return null;
    const mark = document.createComment('');
    el.before(mark);
    return mark;
  });
  marks.forEach((mark, i) => mark && current[i].remove());
  marks.forEach((mark, i) => mark && mark.replaceWith(ordered[i]));
  if (focused && focused.isConnected && document.activeElement !== focused) focused.focus({ preventScroll: true });
}
