// Test users and RBAC files for the authorization tests.
import type { ChatUser } from '../../src/core/index.js';
import type { ChatRole, RbacConfig } from '../../src/config/types.js';

export function slackUser(id: string, extra: Partial<ChatUser> = {}): ChatUser {
  return {
    platform: 'slack',
    id,
    tenantId: 'T0001',
    displayName: undefined,
    email: undefined,
    aadObjectId: undefined,
    ...extra,
  };
}

export function teamsUser(id: string, extra: Partial<ChatUser> = {}): ChatUser {
  return {
    platform: 'teams',
    id,
    tenantId: 'tenant-1',
    displayName: undefined,
    email: undefined,
    aadObjectId: undefined,
    ...extra,
  };
}

export function rbac(
  roles: Partial<Record<ChatRole, readonly string[]>>,
  approvals: string[] = ['isolate', 'release', 'restrict', 'unrestrict'],
): RbacConfig {
  return {
    roles: { viewer: [], responder: [], approver: [], admin: [], ...roles },
    userContext: 'optional',
    approvals: { ttlMinutes: 60, actions: approvals },
  };
}

/** One Slack account per role (and one with none), for tests that walk the roles. */
export const ROLE_USERS: Record<ChatRole | 'none', string> = {
  none: 'UNOBODY',
  viewer: 'UVIEW',
  responder: 'URESP',
  approver: 'UAPPR',
  admin: 'UADMIN',
};

/** The RBAC file that gives each of ROLE_USERS its role. */
export const ROLE_FILE: RbacConfig = rbac({
  viewer: ['slack:UVIEW'],
  responder: ['slack:URESP'],
  approver: ['slack:UAPPR'],
  admin: ['slack:UADMIN'],
});
