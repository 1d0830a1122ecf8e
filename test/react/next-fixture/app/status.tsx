'use client';
import { useVitrineStats } from 'vitrine/react';

/** The instance's state as data attributes (null on the server and while hydrating). */
export function Status() {
  const stats = useVitrineStats();
  return (
    <p id="status" data-state={stats?.state ?? 'none'} data-events={stats?.events ?? 0} data-backend={stats?.backend ?? ''} data-snapshot={stats?.snapshot?.events ?? 0}>
      {stats ? `${stats.state}, ${stats.events} events` : 'page order'}
    </p>
  );
}
