import type { VitrineCore } from '../core/vitrine';
import type { Interest } from '../history/profile';

type Make = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string) => HTMLElementTagNameMap[K];
const make: Make = (tag, className, text) => {
  const el = document.createElement(tag);
  el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
};

const percent = (share: number) => `${Math.round(share * 100)}%`;

/**
 * Renders the shopper's view into `host`: "Your interests on this device — why you see
 * this order — erase", with a button to remove each interest. Plain DOM (no framework),
 * text only (store data never becomes markup), classes `vitrine-profile__*` to style.
 * Re-renders when the history changes; returns the remover.
 */
export function mountProfile(core: VitrineCore, host: HTMLElement): () => void {
  const render = () => {
    const profile = core.profile();
    const focusedKey = host.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.vitrineKey : undefined;
    const root = make('section', 'vitrine-profile');
    root.setAttribute('aria-label', 'Your interests on this device');
    root.append(make('h2', 'vitrine-profile__title', 'Your interests on this device'));

    if (profile.events === 0) {
      root.append(make('p', 'vitrine-profile__why', 'Nothing yet. As you browse, this store orders products by what you look at — remembered only in this browser, never sent anywhere.'));
    } else {
      const names = profile.categories.slice(0, 2).map((c) => c.value);
      const why = `Products are ordered using your last ${profile.events} interactions on this device${names.length ? `, mostly ${names.join(' and ')}` : ''}. Nothing about them leaves this browser.`;
      root.append(make('p', 'vitrine-profile__why', why));
      const group = (label: string, kind: 'category' | 'brand', interests: Interest[]) => {
        if (!interests.length) return;
        root.append(make('h3', 'vitrine-profile__group', label));
        const list = make('ul', 'vitrine-profile__interests');
        for (const interest of interests) {
          const li = make('li', 'vitrine-profile__interest');
          li.append(make('span', 'vitrine-profile__name', interest.value), ' ', make('span', 'vitrine-profile__share', percent(interest.share)), ' ');
          const remove = make('button', 'vitrine-profile__remove', 'Remove');
          remove.type = 'button';
          remove.dataset.vitrineKey = `${kind}:${interest.value}`;
          remove.setAttribute('aria-label', `Remove interest ${interest.value}`);
          remove.addEventListener('click', () => void profile.remove({ [kind]: interest.value }));
          li.append(remove);
          list.append(li);
        }
        root.append(list);
      };
      group('Categories', 'category', profile.categories);
      group('Brands', 'brand', profile.brands);
      if (profile.price) root.append(make('p', 'vitrine-profile__price', `Typical price: ${profile.price.min.toFixed(2)} – ${profile.price.max.toFixed(2)}`));
    }
    const erase = make('button', 'vitrine-profile__erase', 'Erase my history');
    erase.type = 'button';
    erase.dataset.vitrineKey = 'erase';
    erase.addEventListener('click', () => void core.forget());
    root.append(erase);
    host.replaceChildren(root);
    if (focusedKey) host.querySelector<HTMLElement>(`[data-vitrine-key="${CSS.escape(focusedKey)}"]`)?.focus();
  };
  const safeRender = () => {
    try {
      render();
    } catch (error) {
      core.log.warn('could not render the profile widget', error);
    }
  };
  safeRender();
  return core.subscribe(safeRender);
}
