/** Console output of the SDK: a warning per distinct failure, detail only with `debug`. */
export interface Logger {
  warn(message: string, detail?: unknown): void;
  debug(message: string, detail?: unknown): void;
}

/** From pagehide to pageshow: the engine cancels loads under way (Firefox rejects a dynamic import), no failure to warn of. */
let leaving = false;
if (typeof addEventListener == 'function') {
  addEventListener('pagehide', () => (leaving = true));
  addEventListener('pageshow', () => (leaving = false));
}

export function createLogger(debug: boolean): Logger {
  const seen = new Set<string>();
  const consoleRef = typeof console === 'undefined' ? undefined : console;
  return {
    warn(message, detail) {
      if (leaving) return this.debug(message, detail);
      if (seen.has(message)) return;
      seen.add(message);
      if (debug && detail !== undefined) consoleRef?.warn(`[vitrine] ${message}`, detail);
      else consoleRef?.warn(`[vitrine] ${message}`);
    },
    debug(message, detail) {
      if (debug) consoleRef?.debug(`[vitrine] ${message}`, ...(detail === undefined ? [] : [detail]));
    },
  };
}
