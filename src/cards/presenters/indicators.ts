// MDE custom indicators on the indicators card: the `indicators` list, and what a `block` or
// `unblock` did (created, removed, or found already there), shown in place of its approval card.
import { nameOf } from '../../authz/index.js';
import type { ChatUser, OutgoingMessage } from '../../core/interaction.js';
import type { Indicator } from '../../defender/indicators.js';
import { renderCard } from '../render.js';
import type { IndicatorRow, IndicatorsCardData } from '../types.js';

export function indicatorRow(indicator: Indicator): IndicatorRow {
  const optional = (key: keyof IndicatorRow, value: string | null) =>
    value === null || value === '' ? {} : { [key]: value };
  return {
    indicatorId: indicator.id,
    value: indicator.indicatorValue,
    type: indicator.indicatorType,
    action: indicator.action ?? 'unknown',
    ...optional('severity', indicator.severity),
    ...optional('title', indicator.title),
    ...optional('createdBy', indicator.createdByDisplayName ?? indicator.createdBy),
    ...(validTime(indicator.creationTimeDateTimeUtc) ? { createdAt: indicator.creationTimeDateTimeUtc } : {}),
    ...(validTime(indicator.expirationTime) ? { expiresAt: indicator.expirationTime } : {}),
  };
}

const validTime = (value: string | null): value is string =>
  value !== null && !Number.isNaN(Date.parse(value));

export function indicatorsMessage(data: IndicatorsCardData, text: string): OutgoingMessage {
  return { card: renderCard('indicators', data), text };
}

/** The `indicators [<value>]` answer, newest first; MDE was asked for at most `limit`. */
export function indicatorListMessage(
  indicators: Indicator[],
  value: string | undefined,
  limit: number,
): OutgoingMessage {
  const rows = [...indicators]
    .sort((a, b) => Date.parse(b.creationTimeDateTimeUtc ?? '') - Date.parse(a.creationTimeDateTimeUtc ?? ''))
    .map(indicatorRow);
  const heading = value === undefined ? 'Indicators' : `Indicators for ${value}`;
  return indicatorsMessage(
    {
      heading,
      indicators: rows,
      ...(value === undefined && rows.length >= limit
        ? { more: `Showing the first ${limit}; name a value to see its indicator.` }
        : {}),
    },
    rows.length === 0
      ? `${heading}: none.`
      : `${heading}: ${rows.map((row) => `${row.value} (${row.type}, ${row.action}, id ${row.indicatorId})`).join('; ')}`,
  );
}

/** What an approved (or approval-free) `block` / `unblock` did: the card that replaces its request. */
export function indicatorOutcomeMessage(
  outcome: {
    verb: 'block' | 'unblock';
    status: 'Created' | 'Already blocked' | 'Removed' | 'Already removed' | 'Failed';
    value: string;
    indicators: Indicator[];
    note?: string;
  },
  people: { requester: ChatUser; approver: ChatUser | undefined; reason: string },
): OutgoingMessage {
  const heading = `${outcome.verb === 'block' ? 'Block' : 'Unblock'}: ${outcome.value}`;
  const rows = outcome.indicators.map(indicatorRow);
  return indicatorsMessage(
    {
      heading,
      status: outcome.status,
      ...(outcome.note ? { note: outcome.note } : {}),
      requestedBy: nameOf(people.requester),
      ...(people.approver ? { approvedBy: nameOf(people.approver) } : {}),
      reason: people.reason,
      indicators: rows,
    },
    `${heading}: ${outcome.status}${rows.length > 0 ? ` (indicator ${rows.map((row) => row.indicatorId).join(', ')})` : ''}${outcome.note ? `. ${outcome.note}` : ''}`,
  );
}
