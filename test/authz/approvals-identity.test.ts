import { describe, expect, it } from 'vitest';
import { refusalMessage, samePerson, unresolvedIdentityMessage } from '../../src/authz/approvals/index.js';
import { slackUser, teamsUser } from './fixtures.js';

describe('samePerson (four-eyes identity match)', () => {
  it('matches the same platform user id', () => {
    expect(samePerson(slackUser('U1'), slackUser('U1'))).toBe(true);
    expect(samePerson(slackUser('U1'), slackUser('U2'))).toBe(false);
  });

  it('does not match equal ids on different platforms', () => {
    expect(samePerson(slackUser('X1'), teamsUser('X1'))).toBe(false);
  });

  it('matches the same Entra object id across platforms, ignoring case', () => {
    const slack = slackUser('U1', { aadObjectId: '6F1C-AB' });
    expect(samePerson(slack, teamsUser('29:x', { aadObjectId: '6f1c-ab' }))).toBe(true);
    expect(samePerson(slack, teamsUser('29:x', { aadObjectId: '6f1c-ac' }))).toBe(false);
  });

  it('matches the same email across platforms, ignoring case and spaces', () => {
    const slack = slackUser('U1', { email: 'Bob@Contoso.com' });
    expect(samePerson(slack, teamsUser('29:x', { email: ' bob@contoso.COM' }))).toBe(true);
    expect(samePerson(slack, teamsUser('29:x', { email: 'rob@contoso.com' }))).toBe(false);
  });

  it('matches any address of one against any address of the other: email and UPN, across platforms', () => {
    const slack = slackUser('U1', { email: 'Bob.Jones@Contoso.com' });
    // Teams gives a UPN that is the Slack profile's mailbox, and a different primary email.
    const teams = teamsUser('29:x', {
      email: 'bob@contoso.com',
      userPrincipalName: ' BOB.JONES@contoso.com ',
    });
    expect(samePerson(slack, teams)).toBe(true);
    expect(samePerson(teams, slack)).toBe(true);
    // UPN against UPN, and UPN against email, work the same way.
    expect(
      samePerson(
        teamsUser('29:a', { userPrincipalName: 'x@c.com' }),
        teamsUser('29:b', { userPrincipalName: 'X@C.com' }),
      ),
    ).toBe(true);
    expect(
      samePerson(teamsUser('29:a', { userPrincipalName: 'x@c.com' }), slackUser('U2', { email: 'x@c.com' })),
    ).toBe(true);
    expect(samePerson(teams, slackUser('U2', { email: 'rob@contoso.com' }))).toBe(false);
  });

  it('never matches on missing or empty values', () => {
    expect(samePerson(slackUser('U1', { email: '' }), teamsUser('29:x', { email: '' }))).toBe(false);
    expect(samePerson(slackUser('U1'), teamsUser('29:x'))).toBe(false);
    expect(samePerson(slackUser(' '), slackUser(' '))).toBe(false);
    expect(
      samePerson(
        teamsUser('29:a', { userPrincipalName: ' ' }),
        teamsUser('29:b', { userPrincipalName: ' ' }),
      ),
    ).toBe(false);
  });
});

describe('refusal messages', () => {
  it('says an unknown request no longer exists', () => {
    expect(refusalMessage('not-found', undefined)).toMatch(/no longer exists/);
  });

  it('asks an unconfirmed clicker to try again, naming their platform', () => {
    expect(unresolvedIdentityMessage('slack')).toBe(
      'We could not confirm who you are (Slack did not answer); try again in a moment.',
    );
    expect(refusalMessage('unresolved-identity', undefined, 'teams')).toBe(
      'We could not confirm who you are (Teams did not answer); try again in a moment.',
    );
  });
});
