import type { VitrineCore } from '../core/vitrine';
import { capabilities } from '../common/capabilities';
import { fillSlots } from './recommend-slots';

export const PROFILE_SELECTOR = '[data-vitrine-profile]';

export interface ProfileMethods {
  /** Renders the shopper's interests with remove and erase buttons into an element (also done for every `[data-vitrine-profile]`). Returns the remover. */
  renderProfile(element: HTMLElement): () => void;
}

/** Adds the profile widget (loaded on first use) to a core instance: renderProfile(), and every `[data-vitrine-profile]` of the page mounted. */
export function attachProfile<C extends VitrineCore>(core: C): C & ProfileMethods {
  const browser = capabilities().browser;
  const unmount: (() => void)[] = [];
  const renderProfile = (element: HTMLElement) => {
    if (!browser || !(element instanceof HTMLElement)) return () => {};
    // the widget is its own chunk (most pages have none): it renders once that is loaded, unless removed first
    let unmountWidget: (() => void) | undefined;
    let removed = false;
    const remove = () => void ((removed = true), unmountWidget?.());
    unmount.push(remove);
    import('./profile-widget').then(
      (m) => void (removed || (unmountWidget = m.mountProfile(core, element))),
      (error) => core.log.warn('could not load the profile widget', error),
    );
    return remove;
  };
  if (browser) {
    // the page's widgets: profiles, and recommendation slots (filled by recommend(), src/dom/recommend-slots.ts)
    const mountAll = () => (document.querySelectorAll<HTMLElement>(PROFILE_SELECTOR).forEach((el) => renderProfile(el)), fillSlots(core));
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountAll, { once: true });
    else mountAll();
  }
  const destroy = core.destroy;
  return Object.assign(core, {
    renderProfile,
    destroy() {
      unmount.forEach((u) => u());
      destroy();
    },
  });
}
