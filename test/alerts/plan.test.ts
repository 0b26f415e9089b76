// The per-subscription decision of one poll: thresholds, device groups, what counts as new, storms
// and which announced cards need an update. Pure, so every rule is checked directly.
import { describe, expect, it } from 'vitest';
import {
  DIGEST_TOP,
  digestMessage,
  planForSubscription,
  type SentRecord,
} from '../../src/jobs/alerts/index.js';
import { meetsThreshold, severitiesAtLeast } from '../../src/defender/index.js';
import { alert, conversation, subscription } from './fixtures.js';

const plan = (
  input: Partial<Parameters<typeof planForSubscription>[0]> & {
    alerts: Parameters<typeof planForSubscription>[0]['alerts'];
  },
) =>
  planForSubscription({
    subscription: subscription(),
    sent: new Map(),
    digestThreshold: 10,
    graceMs: 120_000,
    ...input,
  });

const posted = (status: string, assignedTo: string | null = null): SentRecord => ({
  state: 'posted',
  status,
  assignedTo,
  at: '2030-01-01T12:00:00Z',
  ref: { conversation: conversation(), messageId: '1700000000.000100' },
});

describe('severity thresholds', () => {
  it('treats a threshold as that severity and above', () => {
    expect(meetsThreshold('High', 'medium')).toBe(true);
    expect(meetsThreshold('Medium', 'medium')).toBe(true);
    expect(meetsThreshold('Low', 'medium')).toBe(false);
    expect(meetsThreshold('UnSpecified', 'informational')).toBe(false);
    expect(severitiesAtLeast('medium')).toEqual(['Medium', 'High']);
    expect(severitiesAtLeast('informational')).toEqual(['Informational', 'Low', 'Medium', 'High']);
  });
});

describe('planForSubscription', () => {
  it('announces new alerts at or above the threshold, oldest first, and skips the rest', () => {
    const late = alert({ severity: 'High', alertCreationTime: '2030-01-01T12:05:00.000Z' });
    const early = alert({ severity: 'Medium', alertCreationTime: '2030-01-01T12:01:00.000Z' });
    const low = alert({ severity: 'Low' });
    const result = plan({
      subscription: subscription({ minSeverity: 'medium' }),
      alerts: [late, low, early],
    });
    expect(result.announce.map((a) => a.id)).toEqual([early.id, late.id]);
    expect(result.digest).toBeUndefined();
    expect(result.updates).toEqual([]);
  });

  it('never announces an alert twice, nor one created before the subscription or already resolved', () => {
    const known = alert();
    const old = alert({ alertCreationTime: '2029-12-31T23:00:00.000Z' });
    const closed = alert({ status: 'Resolved' });
    const result = plan({ alerts: [known, old, closed], sent: new Map([[known.id, posted('New')]]) });
    expect(result.announce).toEqual([]);
  });

  it('filters by device group when the subscription names some', () => {
    const web = alert({ rbacGroupName: 'Web servers' });
    const dc = alert({ rbacGroupName: 'Domain controllers' });
    const result = plan({
      subscription: subscription({ deviceGroups: ['Domain controllers'] }),
      alerts: [web, dc],
    });
    expect(result.announce.map((a) => a.id)).toEqual([dc.id]);
  });

  it('turns more new alerts than the threshold into one digest', () => {
    const many = Array.from({ length: 11 }, () => alert());
    const result = plan({ alerts: many });
    expect(result.announce).toEqual([]);
    expect(result.digest).toHaveLength(11);
    expect(plan({ alerts: many.slice(0, 10) }).digest).toBeUndefined();
  });

  it('updates posted cards whose alert was resolved or reassigned, and only those', () => {
    const resolved = alert({ status: 'Resolved' });
    const reassigned = alert({ assignedTo: 'bob@contoso.com' });
    const unchanged = alert();
    const inDigest = alert({ status: 'Resolved' });
    const sent = new Map<string, SentRecord>([
      [resolved.id, posted('New')],
      [reassigned.id, posted('New')],
      [unchanged.id, posted('New')],
      [inDigest.id, { state: 'digest', status: 'New', assignedTo: null, at: '2030-01-01T12:00:00Z' }],
    ]);
    const result = plan({ alerts: [resolved, reassigned, unchanged, inDigest], sent });
    expect(result.updates.map((u) => u.alert.id).sort()).toEqual([resolved.id, reassigned.id].sort());
    expect(result.updates[0]!.record.ref.messageId).toBe('1700000000.000100');
  });
});

describe('digestMessage', () => {
  it('counts by severity and shows the most severe alerts, even old ones, before newer minor ones', () => {
    const lows = Array.from({ length: DIGEST_TOP }, (_, i) => alert({ severity: 'Low', title: `low ${i}` }));
    const high = alert({ severity: 'High', title: 'old high', alertCreationTime: '2030-01-01T01:00:00Z' });
    const medium = alert({ severity: 'Medium', title: 'a medium' });
    const message = digestMessage([...lows, high, medium]);
    expect(message.text).toBe(
      `${DIGEST_TOP + 2} new Defender alerts: 1 high, 1 medium, ${DIGEST_TOP} low, 0 informational`,
    );
    const json = JSON.stringify(message.card);
    expect(json).toContain('old high');
    expect(json).toContain('a medium');
    expect(lows.filter((a) => json.includes(`${a.title}"`) || json.includes(`${a.title}*`))).toHaveLength(
      DIGEST_TOP - 2,
    );
    expect(json).toContain('https://security.microsoft.com/alerts');
  });
});
