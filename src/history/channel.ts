/** Messages between tabs of one origin sharing a history. */
export type TabMessage = { type: 'changed' } | { type: 'forget' };

export interface TabChannel {
  post(message: TabMessage): void;
  close(): void;
}

const NO_CHANNEL: TabChannel = { post() {}, close() {} };

/** A BroadcastChannel per database; a no-op where BroadcastChannel is missing or refused (opaque origins). */
export function openChannel(dbName: string, onMessage: (m: TabMessage) => void): TabChannel {
  let channel: BroadcastChannel;
  try {
    channel = new BroadcastChannel(`vitrine:${dbName}`);
  } catch {
    return NO_CHANNEL;
  }
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
