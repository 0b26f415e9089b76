// Lists that the cards promise to show newest first are sorted here, so callers cannot get it wrong.
import type { CardDataMap, CardName } from './types.js';

function newestFirst<T extends { createdAt: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
}

export function orderCardData<K extends CardName>(name: K, data: CardDataMap[K]): CardDataMap[K] {
  // The casts narrow K by the name test; TypeScript cannot do that for generic indexed types.
  switch (name) {
    case 'alerts': {
      const alerts = data as CardDataMap['alerts'];
      return { ...alerts, alerts: newestFirst(alerts.alerts) } as CardDataMap[K];
    }
    case 'alert-digest': {
      const digest = data as CardDataMap['alert-digest'];
      return { ...digest, topAlerts: newestFirst(digest.topAlerts) } as CardDataMap[K];
    }
    case 'machine-actions': {
      const list = data as CardDataMap['machine-actions'];
      return { ...list, actions: newestFirst(list.actions) } as CardDataMap[K];
    }
    default:
      return data;
  }
}
