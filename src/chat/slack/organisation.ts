// Which organisation a verified Slack request acts for, read from the ids Slack put in the signed
// body: the acting user's workspace (T…) and, only where the body ties it to that workspace, the
// workspace's Enterprise Grid org (E…). Nothing else of the body is looked at here.
import { z } from 'zod';

export type SlackRequestKind = 'command' | 'action' | 'view' | 'shortcut' | 'options' | 'event' | 'unknown';

export interface ActingOrganisation {
  kind: SlackRequestKind;
  /** The acting user's workspace. */
  teamId: string | undefined;
  /** The acting user's Enterprise Grid org, when the body says which one that is. */
  enterpriseId: string | undefined;
}

const id = z
  .string()
  .optional()
  .catch(undefined)
  .transform((value) => value || undefined);

const commandBody = z.object({ command: z.string(), team_id: id, enterprise_id: id });

const eventBody = z.object({
  type: z.literal('event_callback'),
  team_id: id,
  enterprise_id: id,
  // Message events carry the author's workspace (user_team; `team` is a string there); others may not.
  event: z.object({ user_team: id, team: id }).loose().catch({ user_team: undefined, team: undefined }),
});

const interactionBody = z.object({
  type: z.string(),
  user: z.object({ team_id: id }).loose().nullish().catch(undefined),
  // null when the app is installed org-wide (Enterprise Grid).
  team: z.object({ id, enterprise_id: id }).loose().nullish().catch(undefined),
  enterprise: z.object({ id }).loose().nullish().catch(undefined),
});

const INTERACTION_KINDS: Readonly<Record<string, SlackRequestKind>> = {
  block_actions: 'action',
  interactive_message: 'action',
  view_submission: 'view',
  view_closed: 'view',
  shortcut: 'shortcut',
  message_action: 'shortcut',
  block_suggestion: 'options',
};

/**
 * The body's Enterprise Grid id counts for the acting user only when the user acts from the
 * body's own workspace: in a Slack Connect channel `user.team_id` is the outsider's workspace while
 * `team` and `enterprise` describe ours, and nothing in the body says which org the outsider's
 * workspace belongs to (the same holds for an org-wide install, where `team` is null).
 */
function userOrganisation(
  userTeam: string | undefined,
  bodyTeam: string | undefined,
  bodyEnterprise: string | undefined,
) {
  const teamId = userTeam ?? bodyTeam;
  return { teamId, enterpriseId: teamId !== undefined && teamId === bodyTeam ? bodyEnterprise : undefined };
}

export function actingOrganisation(body: unknown): ActingOrganisation {
  if (typeof body !== 'object' || body === null)
    return { kind: 'unknown', teamId: undefined, enterpriseId: undefined };
  if (!('type' in body)) {
    const command = commandBody.safeParse(body);
    // A slash command has no user team of its own: its team_id is the workspace the user typed in.
    if (command.success)
      return { kind: 'command', teamId: command.data.team_id, enterpriseId: command.data.enterprise_id };
    return { kind: 'unknown', teamId: undefined, enterpriseId: undefined };
  }
  const event = eventBody.safeParse(body);
  if (event.success) {
    const { team_id: bodyTeam, enterprise_id: bodyEnterprise, event: inner } = event.data;
    return { kind: 'event', ...userOrganisation(inner.user_team ?? inner.team, bodyTeam, bodyEnterprise) };
  }
  const interaction = interactionBody.safeParse(body);
  if (!interaction.success) return { kind: 'unknown', teamId: undefined, enterpriseId: undefined };
  const { type, user, team, enterprise } = interaction.data;
  return {
    kind: INTERACTION_KINDS[type] ?? 'unknown',
    ...userOrganisation(user?.team_id, team?.id, enterprise?.id ?? team?.enterprise_id),
  };
}

/** Admitted: the acting user's workspace is allowed, or the Grid org it belongs to is. */
export function isAllowed(organisation: ActingOrganisation, allowed: ReadonlySet<string>): boolean {
  const { teamId, enterpriseId } = organisation;
  return (
    (teamId !== undefined && allowed.has(teamId)) || (enterpriseId !== undefined && allowed.has(enterpriseId))
  );
}
