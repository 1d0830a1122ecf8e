import type { VitrineCore } from '../core/vitrine';
import { capabilities } from '../common/capabilities';
import { mountProfile, PROFILE_SELECTOR } from './profile-widget';
import { fillSlots } from './recommend-slots';

export interface ProfileMethods {
  /** Renders the shopper's interests with remove and erase buttons into an element (also done for every `[data-vitrine-profile]`). Returns the remover. */
  renderProfile(element: HTMLElement): () => void;
}

/** Adds the profile widget to a core instance: renderProfile(), and every `[data-vitrine-profile]` of the page mounted. */
export function attachProfile<C extends VitrineCore>(core: C): C & ProfileMethods {
  const browser = capabilities().browser;
  const unmount: (() => void)[] = [];
  const renderProfile = (element: HTMLElement) => {
    if (!browser || !(element instanceof HTMLElement)) return () => {};
    const remove = mountProfile(core, element);
    unmount.push(remove);
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
