/** Messages between tabs of one origin sharing a history. */
export type TabMessage = { type: 'changed' } | { type: 'forget' };

export interface TabChannel {
  post(message: TabMessage): void;
  close(): void;
}

/** A BroadcastChannel per database; a no-op where BroadcastChannel is missing. */
export function openChannel(dbName: string, onMessage: (m: TabMessage) => void): TabChannel {
  if (typeof BroadcastChannel === 'undefined') return { post() {}, close() {} };
  const channel = new BroadcastChannel(`vitrine:${dbName}`);
  channel.onmessage = (event: MessageEvent<TabMessage>) => {
    const type = event.data?.type;
    if (type === 'changed' || type === 'forget') onMessage(event.data);
  };
  return {
    post: (message) => {
      try {
        channel.postMessage(message);
      } catch {
        // a closed channel: other tabs will see the change on their next read
      }
    },
    close: () => channel.close(),
  };
}
