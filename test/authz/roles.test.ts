import { describe, expect, it } from 'vitest';
import { hasAtLeast, resolveRoles } from '../../src/authz/index.js';
import { rbac, slackUser, teamsUser } from './fixtures.js';

describe('resolveRoles', () => {
  it('denies by default: an empty file gives nobody a role', () => {
    expect(resolveRoles(slackUser('U1'), rbac({}))).toBeUndefined();
    expect(
      resolveRoles(teamsUser('29:abc', { email: 'a@b.c', aadObjectId: 'oid' }), rbac({})),
    ).toBeUndefined();
  });

  it.each([
    ['slack id', slackUser('U024BE7LH'), 'slack:U024BE7LH'],
    ['teams from.id (with colons)', teamsUser('29:1a2b-xyz'), 'teams:29:1a2b-xyz'],
    [
      'aad object id',
      teamsUser('29:z', { aadObjectId: '6f1c0000-0000-0000-0000-0000000000aa' }),
      'aad:6f1c0000-0000-0000-0000-0000000000aa',
    ],
    [
      'aad object id, other case',
      teamsUser('29:z', { aadObjectId: '6F1C0000-0000-0000-0000-0000000000AA' }),
      'aad:6f1c0000-0000-0000-0000-0000000000aa',
    ],
    ['email', slackUser('U9', { email: 'bob@contoso.com' }), 'email:bob@contoso.com'],
    ['email, user in upper case', slackUser('U9', { email: 'Bob@Contoso.COM' }), 'email:bob@contoso.com'],
    ['email, file in upper case', teamsUser('29:z', { email: 'bob@contoso.com' }), 'EMAIL:BOB@CONTOSO.COM'],
    [
      'Teams UPN',
      teamsUser('29:z', { email: 'robert@contoso.com', userPrincipalName: 'Bob@Contoso.com' }),
      'email:bob@contoso.com',
    ],
    [
      'Slack email bound Entra id',
      slackUser('U9', { aadObjectId: '6f1c0000-0000-0000-0000-0000000000aa' }),
      'aad:6f1c0000-0000-0000-0000-0000000000aa',
    ],
    ['entry with spaces', slackUser('U1'), '  slack:U1  '],
    ['slack wildcard', slackUser('U777'), 'slack:*'],
    ['teams wildcard', teamsUser('29:q'), 'teams:*'],
  ])('matches by %s', (_name, user, entry) => {
    expect(resolveRoles(user, rbac({ responder: [entry] }))).toBe('responder');
  });

  it.each([
    ['slack:* does not grant teams users', teamsUser('29:q'), 'slack:*'],
    ['teams:* does not grant slack users', slackUser('U1'), 'teams:*'],
    ['slack id is not a teams id', teamsUser('U1'), 'slack:U1'],
    ['slack ids are exact', slackUser('u024be7lh'), 'slack:U024BE7LH'],
    ['another user', slackUser('U2'), 'slack:U1'],
    ['no email on the user', slackUser('U1'), 'email:bob@contoso.com'],
    ['no aad id on the user', teamsUser('29:z'), 'aad:6f1c'],
    ['empty email entry', slackUser('U1', { email: '' }), 'email:'],
    ['empty slack entry', slackUser(''), 'slack:'],
    ['wildcard needs a verified id', slackUser(''), 'slack:*'],
    ['email wildcard is not a thing', slackUser('U1', { email: 'a@b.c' }), 'email:*'],
    ['aad wildcard is not a thing', teamsUser('29:z', { aadObjectId: 'oid-1' }), 'aad:*'],
    ['unknown kind', slackUser('U1'), 'user:U1'],
    ['bare id without kind', slackUser('U1'), 'U1'],
    ['email only similar', slackUser('U1', { email: 'bob@contoso.com.evil' }), 'email:bob@contoso.com'],
  ])('does not match: %s', (_name, user, entry) => {
    expect(resolveRoles(user, rbac({ admin: [entry] }))).toBeUndefined();
  });

  it('returns the highest role held through any identity', () => {
    const user = teamsUser('29:me', { aadObjectId: 'oid-me', email: 'me@contoso.com' });
    const file = rbac({
      viewer: ['teams:*'],
      responder: ['teams:29:me'],
      approver: ['aad:oid-me'],
    });
    expect(resolveRoles(user, file)).toBe('approver');
    expect(resolveRoles(user, rbac({ ...file.roles, admin: ['email:ME@contoso.com'] }))).toBe('admin');
    expect(resolveRoles(teamsUser('29:other'), file)).toBe('viewer');
  });
});

describe('hasAtLeast', () => {
  it('orders admin > approver > responder > viewer > no role', () => {
    expect(hasAtLeast('admin', 'approver')).toBe(true);
    expect(hasAtLeast('approver', 'responder')).toBe(true);
    expect(hasAtLeast('responder', 'viewer')).toBe(true);
    expect(hasAtLeast('viewer', 'responder')).toBe(false);
    expect(hasAtLeast('approver', 'admin')).toBe(false);
    expect(hasAtLeast(undefined, 'viewer')).toBe(false);
  });
});
