// POST /api/messages: every activity is authenticated before anything reads it (any failure is a 401
// and reaches nothing), then runs as one bot turn; an invoke's response body is the HTTP answer.
// Unauthenticated (local) mode also refuses a serviceUrl off this machine before any outbound call.
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { withCorrelation, type Logger } from '../../core/index.js';
import type { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { AuthenticateRequestResult, TeamsCloudAdapter } from './cloud-adapter.js';
import { describeError } from './errors.js';
import { isLoopbackServiceUrl, type LocalOnlyGuard } from './local-only.js';
import type { TurnLogic } from './turn.js';

export interface RouteDeps {
  authentication: Pick<ConfigurationBotFrameworkAuthentication, 'authenticateRequest'>;
  adapter: TeamsCloudAdapter;
  logic: TurnLogic;
  logger: Logger;
  /** Set in unauthenticated mode: the activity's serviceUrl must be loopback. */
  localOnly?: LocalOnlyGuard;
}

/** Just enough to authenticate and route; the turn handlers validate the fields they use. */
const activityEnvelopeSchema = z.looseObject({ type: z.string().min(1), serviceUrl: z.string().min(1) });

async function authenticate(
  deps: RouteDeps,
  activity: Activity,
  header: string,
): Promise<AuthenticateRequestResult | undefined> {
  try {
    return await deps.authentication.authenticateRequest(activity, header);
  } catch (error) {
    deps.logger.warn(
      { error: describeError(error), activityType: activity.type, hadToken: header.length > 0 },
      'teams request refused: authentication failed',
    );
    return undefined;
  }
}

export function activitiesRoute(deps: RouteDeps): RequestHandler {
  // One id per request, given before authentication, so a failed turn's lines name it as well.
  return (req, res) => withCorrelation(randomUUID(), () => handleActivity(deps, req, res));
}

async function handleActivity(deps: RouteDeps, req: Request, res: Response): Promise<void> {
  const envelope = activityEnvelopeSchema.safeParse(req.body);
  if (!envelope.success) return void res.status(400).json({ error: 'bad_request' });
  // The envelope is an object with a type; botbuilder reads the rest of the activity itself.
  const activity = envelope.data as unknown as Activity;
  if (deps.localOnly && !isLoopbackServiceUrl(envelope.data.serviceUrl)) {
    deps.localOnly.refused('serviceUrl');
    return void res.status(401).json({ error: 'unauthorized' });
  }
  const authentication = await authenticate(deps, activity, req.headers.authorization ?? '');
  if (!authentication) return void res.status(401).json({ error: 'unauthorized' });
  try {
    const invokeResponse = await deps.adapter.runAuthenticated(authentication, activity, deps.logic);
    if (!invokeResponse) return void res.status(200).end();
    res.status(invokeResponse.status);
    return void (invokeResponse.body === undefined ? res.end() : res.json(invokeResponse.body));
  } catch (error) {
    deps.logger.error(
      { error: describeError(error), activityType: activity.type },
      'teams activity could not be processed',
    );
    return void res.status(500).json({ error: 'internal_error' });
  }
}
