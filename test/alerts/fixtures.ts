// Alerts and subscriptions for the alert-notification tests, shaped as the Defender client returns them.
import type { ChatUser, ConversationRef } from '../../src/core/interaction.js';
import type { Alert } from '../../src/defender/index.js';
import type { Subscription } from '../../src/jobs/alerts/index.js';

let seq = 0;

export function alert(overrides: Partial<Alert> = {}): Alert {
  seq += 1;
  const created = overrides.alertCreationTime ?? new Date(Date.UTC(2030, 0, 1, 12, 0, seq)).toISOString();
  return {
    id: `da${String(seq).padStart(18, '0')}_1`,
    title: `Alert ${seq}`,
    description: null,
    severity: 'High',
    status: 'New',
    category: 'Malware',
    detectionSource: 'WindowsDefenderAv',
    assignedTo: null,
    classification: null,
    determination: null,
    incidentId: null,
    machineId: '1e5bc9d7e413ddd7902c2932e418702b84d0cc07',
    computerDnsName: 'web-07.contoso.local',
    rbacGroupName: 'Web servers',
    alertCreationTime: created,
    firstEventTime: null,
    lastEventTime: null,
    lastUpdateTime: created,
    resolvedTime: null,
    mitreTechniques: [],
    comments: [],
    evidence: [],
    ...overrides,
  };
}

export const admin: ChatUser = {
  platform: 'slack',
  id: 'U0ADMIN',
  tenantId: 'T0',
  displayName: 'Ada Admin',
  email: undefined,
  aadObjectId: undefined,
};

export function conversation(id = 'C0ALERTS'): ConversationRef {
  return { platform: 'slack', id, tenantId: 'T0', serviceUrl: undefined, platformData: undefined };
}

export function subscription(overrides: Partial<Subscription> = {}): Subscription {
  const where = overrides.conversation ?? conversation();
  return {
    key: `${where.platform}:${where.id}`,
    platform: where.platform,
    conversation: where,
    minSeverity: 'high',
    createdBy: admin,
    createdAt: '2030-01-01T00:00:00.000Z',
    ...overrides,
  };
}
