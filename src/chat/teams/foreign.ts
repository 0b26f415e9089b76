// The tenant boundary as a wrapper round the turn logic: an activity from a tenant the bot does not
// serve (or naming none) is refused before any handler runs, before any reference is stored, with no
// data in the answer (an error for an invoke, one plain line for a message, nothing otherwise),
// counted, and logged with the foreign tenant at most once a minute per tenant.
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { createLogLimiter, type Clock, type Logger } from '../../core/index.js';
import type { Metrics } from '../../metrics/index.js';
import { describeError } from './errors.js';
import { invokeError, respondToInvoke } from './render.js';
import { tenantVerdict } from './tenant.js';

type TurnLogic = (context: TurnContext) => Promise<void>;

export const FOREIGN_TENANT_TEXT = 'This bot serves another organisation, so it cannot answer here.';
export const FOREIGN_TENANT_INVOKE = invokeError(403, 'Forbidden', 'This bot serves another organisation.');

const LOG_WINDOW_MS = 60_000;
/** Foreign tenants remembered by the log limiter; beyond that memory stays flat and a tenant may log early. */
const LOG_MAX_TENANTS = 1_000;
/** Long enough for any GUID; a longer claimed "tenant" is cut in the log line and the limiter's key. */
const MAX_LOGGED_TENANT = 64;

const ACTIVITY_TYPES = new Set<string>(Object.values(ActivityTypes));

/** The metric label: a known activity type or "other", so a caller cannot mint label values. */
function kindOf(type: unknown): string {
  return typeof type === 'string' && ACTIVITY_TYPES.has(type) ? type : 'other';
}

export interface TenantGateOptions {
  /** TEAMS_ALLOWED_TENANTS, lower case. */
  allowedTenants: readonly string[];
  logger: Logger;
  refusals: Pick<Metrics['foreignRefusalsTotal'], 'inc'>;
  /** Epoch ms; paces the log lines. */
  clock: Clock;
}

export function createTenantGate(options: TenantGateOptions): (logic: TurnLogic) => TurnLogic {
  const allowed = new Set(options.allowedTenants.map((tenant) => tenant.toLowerCase()));
  const limiter = createLogLimiter({
    windowMs: LOG_WINDOW_MS,
    maxKeys: LOG_MAX_TENANTS,
    clock: options.clock,
  });

  function record(kind: string, tenantId: string | undefined): void {
    options.refusals.inc({ platform: 'teams', kind });
    const shown = tenantId?.slice(0, MAX_LOGGED_TENANT);
    const decision = limiter.check(shown ?? '');
    if (!decision.log) return;
    options.logger.warn(
      { tenantId: shown ?? null, activityType: kind, suppressedSinceLastLine: decision.suppressed },
      shown === undefined
        ? 'teams activity refused: it names no tenant'
        : 'teams activity refused: foreign tenant',
    );
  }

  async function refuse(context: TurnContext, tenantId: string | undefined): Promise<void> {
    const kind = kindOf(context.activity.type);
    record(kind, tenantId);
    try {
      if (kind === 'invoke')
        return await respondToInvoke((activity) => context.sendActivity(activity), FOREIGN_TENANT_INVOKE);
      if (kind === 'message')
        await context.sendActivity({
          type: ActivityTypes.Message,
          textFormat: 'plain',
          text: FOREIGN_TENANT_TEXT,
        });
    } catch (error) {
      // Swallowed here: thrown, onTurnError would send a second line.
      options.logger.debug(
        { error: describeError(error) },
        'could not tell a foreign tenant the bot serves another organisation',
      );
    }
  }

  return (logic) => async (context) => {
    const verdict = tenantVerdict(context.activity, allowed);
    if (verdict.allowed) return logic(context);
    await refuse(context, verdict.tenantId);
  };
}
