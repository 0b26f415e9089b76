// The hunting port a hunt job gets: the named hunts and RBAC, Microsoft Graph as the requester (their
// delegated Graph token when the token-context policy says so, else the bot's app token), the CSV to
// the requester's platform (Slack: an upload into the conversation; Teams: a private link), and audit.
import type { Queue } from 'bullmq';
import type { AuditTrail } from '../audit/index.js';
import { chooseContext, hasAtLeast, resolveRoles } from '../authz/index.js';
import type { HuntingPort } from '../commands/index.js';
import type { HuntCatalogue, RbacConfig } from '../config/index.js';
import { systemClock, type Clock } from '../core/clock.js';
import { BotError } from '../core/errors.js';
import type { ChatUser } from '../core/interaction.js';
import type { GraphHuntingClient } from '../defender/index.js';
import type { UserSessions } from '../identity/index.js';
import type { HuntCsvLinks } from './hunt-csv-links.js';
import { jobIdFor } from './job-ids.js';
import type { NotifyJob, Requester } from './types.js';

export interface HuntingDeps {
  /** On the bot's app token (ThreatHunting.Read.All application permission). */
  graph: GraphHuntingClient;
  hunts: HuntCatalogue;
  rbac: RbacConfig;
  sessions: Pick<UserSessions, 'status' | 'graphTokenSource'> | undefined;
  notify: Pick<Queue<NotifyJob>, 'add'>;
  /** Teams' CSV links; absent without PUBLIC_URL. */
  links: HuntCsvLinks | undefined;
  audit: Pick<AuditTrail, 'record'>;
  clock?: Clock;
}

export type HuntingFor = (requester: Requester) => HuntingPort;

export function createHuntingPorts(deps: HuntingDeps): HuntingFor {
  const kqlRole = deps.rbac.hunting?.kqlRole ?? 'responder';
  const clock = deps.clock ?? systemClock;
  return (requester) => ({
    hunts: deps.hunts,
    kqlRole,
    holds: (actor, role) => hasAtLeast(resolveRoles(actor, deps.rbac), role),
    run: async (query) => (await graphFor(deps, requester.actor)).run(query),
    async deliverCsv(csv) {
      const { actor, conversation, correlationId } = requester;
      if (actor.platform === 'slack') {
        await deps.notify.add(
          'upload',
          { op: 'upload', conversation, file: csv, correlationId },
          { jobId: jobIdFor('hunt-csv', correlationId) },
        );
        return { kind: 'uploaded', filename: csv.filename };
      }
      if (!deps.links) return { kind: 'unavailable', reason: 'the bot has no PUBLIC_URL for download links' };
      if (!actor.aadObjectId)
        return {
          kind: 'unavailable',
          reason: 'Teams did not give your Entra object id, which the link is bound to',
        };
      return { kind: 'link', ...(await deps.links.put(csv, actor.aadObjectId)) };
    },
    async audit(entry) {
      const { actor } = requester;
      await deps.audit.record({
        type: 'command',
        at: new Date(clock.now()).toISOString(),
        correlationId: requester.correlationId,
        platform: actor.platform,
        actorId: actor.id,
        ...(actor.aadObjectId ? { actorAad: actor.aadObjectId } : {}),
        verb: 'hunt',
        outcome: entry.outcome,
        details: entry.details,
      });
    },
  });
}

/** The Graph client the token-context policy picks for this person. */
async function graphFor(deps: HuntingDeps, user: ChatUser): Promise<GraphHuntingClient> {
  const mode = deps.rbac.userContext;
  if (mode === 'off') return deps.graph;
  const signedIn = deps.sessions ? (await deps.sessions.status(user)).signedIn : false;
  const choice = chooseContext(mode, signedIn, user.platform);
  if (choice.kind === 'app') return deps.graph;
  if (choice.kind === 'user' && deps.sessions?.graphTokenSource)
    return deps.graph.withTokens(deps.sessions.graphTokenSource(user));
  // Signed in, but the sign-in did not ask for Graph (no HUNTS_FILE): the app token, unless required.
  if (choice.kind === 'user' && mode === 'optional') return deps.graph;
  const reason = choice.kind === 'refuse' ? choice.reason : 'Sign-in is not set up on this bot.';
  throw new BotError('UNAUTHORIZED', reason, { details: { tokenContext: 'user', signedIn } });
}
