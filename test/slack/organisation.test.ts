// Reading the acting user's organisation from signed Slack bodies, and the rate limit on the warnings
// about foreign ones (one line per id per window, bounded memory).
import { describe, expect, it } from 'vitest';
import { actingOrganisation, isAllowed } from '../../src/chat/slack/organisation.js';
import { blockActionsPayload, eventCallbackBody } from '../helpers/slack-signing.js';

describe('actingOrganisation', () => {
  it('reads a slash command, a click, an event and a view submission', () => {
    expect(actingOrganisation({ command: '/defender', team_id: 'T1', enterprise_id: 'E1' })).toEqual({
      kind: 'command',
      teamId: 'T1',
      enterpriseId: 'E1',
    });
    expect(actingOrganisation(blockActionsPayload({ teamId: 'T1', enterpriseId: 'E1' }))).toEqual({
      kind: 'action',
      teamId: 'T1',
      enterpriseId: 'E1',
    });
    expect(actingOrganisation(JSON.parse(eventCallbackBody({ teamId: 'T1', enterpriseId: 'E1' })))).toEqual({
      kind: 'event',
      teamId: 'T1',
      enterpriseId: 'E1',
    });
    expect(
      actingOrganisation({
        type: 'view_submission',
        user: { id: 'U1', team_id: 'T1' },
        team: { id: 'T1' },
        view: {},
      }),
    ).toEqual({ kind: 'view', teamId: 'T1', enterpriseId: undefined });
  });

  it("takes an outsider's own workspace, and no org, from a Slack Connect click or message", () => {
    expect(
      actingOrganisation(blockActionsPayload({ teamId: 'T1', userTeamId: 'T9', enterpriseId: 'E1' })),
    ).toEqual({ kind: 'action', teamId: 'T9', enterpriseId: undefined });
    expect(
      actingOrganisation(
        JSON.parse(eventCallbackBody({ teamId: 'T1', userTeamId: 'T9', enterpriseId: 'E1' })),
      ),
    ).toEqual({ kind: 'event', teamId: 'T9', enterpriseId: undefined });
  });

  it('attributes no org to a click of an org-wide install (team null): only the user team can admit it', () => {
    const body = { ...blockActionsPayload({ teamId: 'T1', enterpriseId: 'E1' }), team: null };
    expect(actingOrganisation(body)).toEqual({ kind: 'action', teamId: 'T1', enterpriseId: undefined });
  });

  it('treats empty ids as absent and odd bodies as unknown', () => {
    expect(actingOrganisation({ command: '/defender', team_id: '', enterprise_id: '' })).toEqual({
      kind: 'command',
      teamId: undefined,
      enterpriseId: undefined,
    });
    expect(actingOrganisation('payload')).toEqual({
      kind: 'unknown',
      teamId: undefined,
      enterpriseId: undefined,
    });
    expect(actingOrganisation({ type: 'something_new' })).toEqual({
      kind: 'unknown',
      teamId: undefined,
      enterpriseId: undefined,
    });
  });

  it('admits by team or by the org the team belongs to, never without an id', () => {
    const allowed = new Set(['T1', 'E2']);
    expect(isAllowed({ kind: 'command', teamId: 'T1', enterpriseId: undefined }, allowed)).toBe(true);
    expect(isAllowed({ kind: 'command', teamId: 'T5', enterpriseId: 'E2' }, allowed)).toBe(true);
    expect(isAllowed({ kind: 'command', teamId: 'T5', enterpriseId: 'E3' }, allowed)).toBe(false);
    expect(isAllowed({ kind: 'unknown', teamId: undefined, enterpriseId: undefined }, allowed)).toBe(false);
  });
});
