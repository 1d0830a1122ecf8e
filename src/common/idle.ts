/** Runs `task` after the page's `load` event, when the main thread is idle: off the first view's path. */
export function whenIdle(task: () => void, timeoutMs = 2000): void {
  const idle = () => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => task(), { timeout: timeoutMs }) : setTimeout(task, 0));
  if (typeof document === 'undefined' || document.readyState === 'complete') idle();
  else addEventListener('load', idle, { once: true });
}
