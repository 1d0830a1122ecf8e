/** Runs `task` after the page's `load` event, when the main thread is idle: off the first view's path. */
export function whenIdle(task: () => void): void {
  const idle = () => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => task(), { timeout: 2000 }) : setTimeout(task, 0));
  if (typeof document === 'undefined' || document.readyState === 'complete') idle();
  else addEventListener('load', idle, { once: true });
}
