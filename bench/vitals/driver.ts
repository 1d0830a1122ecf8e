/**
 * What the vitals bench needs from a browser engine. The outcome of a view (what the grid
 * showed first, how long it stayed hidden, what Vitrine reported) needs only `goto` and
 * `evaluate`, since the probe lives in the page; a driver that can also throttle, count the
 * network and dispatch a tap (Chromium over CDP) fills in the rest. A Firefox or WebKit
 * adapter (test/support/engines/) implements the same interface; the cells it cannot fill
 * print as '–'.
 */

export interface DeviceProfile {
  name: 'desktop' | 'phone';
  viewport: { width: number; height: number };
  deviceScaleFactor: number;
  mobile: boolean;
  /** CPU slowdown (1: none). */
  cpu: number;
  /** Network emulation, or none. */
  network: { rttMs: number; downKbps: number; upKbps: number } | null;
}

export const PROFILES: Record<DeviceProfile['name'], DeviceProfile> = {
  desktop: { name: 'desktop', viewport: { width: 1350, height: 940 }, deviceScaleFactor: 1, mobile: false, cpu: 1, network: null },
  // Lighthouse's mobile profile (Moto G Power): CPU x4, 150 ms RTT, 1.6 Mbps down, 750 Kbps up, 412x823
  phone: { name: 'phone', viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, mobile: true, cpu: 4, network: { rttMs: 150, downKbps: 1600, upKbps: 750 } },
};

/** One request of a view as the driver saw it on the wire. */
export interface SeenRequest {
  url: string;
  /** Went over the network (not answered from a cache). */
  network: boolean;
  /** Bytes received, headers included, as far as the driver could count them (CDP misses the total of a body the page finished reading before the load completed). */
  bytes: number;
  done: boolean;
}

/** One tab of one browser profile (its own storage and HTTP cache). */
export interface Tab {
  goto(url: string): Promise<void>;
  /** Evaluates a JavaScript expression in the page; a promise is awaited. The result is JSON-cloned. */
  evaluate<T>(expression: string): Promise<T>;
  /** Clicks (mouse, or touch where the profile is mobile) an element in the page, as a shopper would before the timing matters. */
  click(selector: string): Promise<void>;
  /** A tap at a point, dispatched as input events (CDP Input), for event timing; absent where the engine cannot. */
  tap?(x: number, y: number): Promise<void>;
  /** Starts recording the requests of the next view (absent where the engine cannot see them). */
  meter?(): { read(): SeenRequest[] };
}

export interface Profile {
  tab: Tab;
  /** Lifts the device's CPU and network emulation (false) or puts it back (true): a seeding visit that is not measured need not wait for it. */
  emulate?(on: boolean): Promise<void>;
  close(): Promise<void>;
}

export interface EngineDriver {
  /** Engine and version, for the tables ("Chromium 150.0…"). */
  readonly name: string;
  /** Only one profile can be open at a time (seeding and views then run variant by variant). */
  readonly oneProfileAtATime?: boolean;
  /** A new, empty browser profile (no history, no cache) emulating `device`. */
  newProfile(device: DeviceProfile): Promise<Profile>;
  close(): Promise<void>;
}
