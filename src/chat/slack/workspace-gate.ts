// The workspace boundary: a Bolt global middleware that admits a verified request only when the
// acting user's workspace or Grid org is allowed, before any listener parses the payload. A refused
// request gets its ack and at most one line (no data), and the core never hears of it.
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { createLogLimiter, type Clock, type Logger } from '../../core/index.js';
import {
  actingOrganisation,
  isAllowed,
  type ActingOrganisation,
  type SlackRequestKind,
} from './organisation.js';

export const FOREIGN_ORGANISATION_TEXT = 'This bot serves another organisation.';
export const STILL_STARTING_TEXT = 'The bot is still starting; try again in a moment.';

/** One warning per foreign id per minute; beyond this many ids in a minute, quiet. */
const LOG_WINDOW_MS = 60_000;
const LOG_MAX_KEYS = 1_000;

export interface WorkspaceGateOptions {
  /** The allowed T…/E… ids, or undefined while they are not known yet (every request is then refused). */
  allowed: () => ReadonlySet<string> | undefined;
  /** Asks Slack again which workspace the bot token belongs to (called while allowed() is undefined). */
  refresh: () => void;
  logger: Logger;
  /** Epoch ms; paces the warnings. */
  clock: Clock;
  onForeignRefusal?: (kind: SlackRequestKind) => void;
}

/** Acks the request (the one line for a command, nothing for an event) and shows the line to a clicker. */
async function refuse(args: AnyMiddlewareArgs, text: string, logger: Logger): Promise<void> {
  // Bolt acks Events API requests itself before any middleware runs.
  if ('event' in args) return;
  if ('command' in args) return args.ack({ response_type: 'ephemeral', text });
  await args.ack();
  // Only a click, a view or a shortcut with a response_url has respond(); the line is best effort.
  if (!('respond' in args) || typeof args.respond !== 'function') return;
  try {
    await args.respond({ response_type: 'ephemeral', replace_original: false, text });
  } catch (error) {
    logger.debug({ err: error }, 'could not show the refusal line');
  }
}

function organisationKey(organisation: ActingOrganisation): string {
  return `${organisation.teamId ?? '-'}/${organisation.enterpriseId ?? '-'}`;
}

export function createWorkspaceGate(options: WorkspaceGateOptions): Middleware<AnyMiddlewareArgs> {
  const logger = options.logger.child({ component: 'slack-workspace-gate' });
  const limiter = createLogLimiter({ windowMs: LOG_WINDOW_MS, maxKeys: LOG_MAX_KEYS, clock: options.clock });
  const mayLog = (key: string) => limiter.check(key).log;

  return async (args) => {
    const organisation = actingOrganisation(args.body);
    const allowed = options.allowed();
    if (!allowed) {
      // Fail closed: without auth.test's answer nobody can tell our workspace from another.
      options.refresh();
      if (mayLog('(unknown workspace)'))
        logger.warn(
          { kind: organisation.kind },
          'slack request refused: the bot does not know its own workspace yet',
        );
      return refuse(args, STILL_STARTING_TEXT, logger);
    }
    if (isAllowed(organisation, allowed)) return args.next();
    options.onForeignRefusal?.(organisation.kind);
    if (mayLog(organisationKey(organisation))) {
      logger.warn(
        {
          kind: organisation.kind,
          foreignTeamId: organisation.teamId,
          foreignEnterpriseId: organisation.enterpriseId,
        },
        'slack request from another organisation refused',
      );
    }
    return refuse(args, FOREIGN_ORGANISATION_TEXT, logger);
  };
}
