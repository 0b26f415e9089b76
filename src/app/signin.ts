// The sign-in routes: GET /auth/start sends the browser to Entra; GET /auth/callback finishes the
// sign-in. Plain-text pages: 200 on success, 4xx on any refusal, never a token on any page.
import { randomUUID } from 'node:crypto';
import type { Express, Request, Response } from 'express';
import { z } from 'zod';
import type { AuditTrail } from '../audit/index.js';
import { systemClock, type Clock } from '../core/clock.js';
import { withCorrelation } from '../core/correlation.js';
import type { Logger } from '../core/logger.js';
import type { SignInFlow } from '../identity/index.js';

export interface SignInRoutesDeps {
  flow: SignInFlow;
  audit: Pick<AuditTrail, 'record'>;
  logger: Logger;
  clock?: Clock;
}

export const SIGNIN_START_PATH = '/auth/start';
export const SIGNIN_CALLBACK_PATH = '/auth/callback';

const param = z.string().max(4096).optional();
const StartQuery = z.object({ state: param, login_hint: z.string().max(256).optional() });
const CallbackQuery = z.object({ state: param, code: param, error: z.string().max(256).optional() });

export function mountSignInRoutes(app: Express, deps: SignInRoutesDeps): void {
  app.get(SIGNIN_START_PATH, async (req, res) => {
    const query = StartQuery.safeParse(req.query).data;
    const url = query?.state ? await deps.flow.authorizeUrl(query.state, query.login_hint) : undefined;
    if (!url)
      return page(
        res,
        400,
        'This sign-in link is unknown, used or expired. Ask the bot for a new one (login).',
      );
    noStore(res);
    res.redirect(302, url);
  });

  app.get(SIGNIN_CALLBACK_PATH, (req: Request, res: Response) => {
    // The code redemption (MSAL's own lines included) logs under the id its audit entry carries.
    const correlationId = randomUUID();
    return withCorrelation(correlationId, () => callback(deps, correlationId, req, res));
  });
}

async function callback(
  deps: SignInRoutesDeps,
  correlationId: string,
  req: Request,
  res: Response,
): Promise<void> {
  const query = CallbackQuery.safeParse(req.query).data ?? {};
  const outcome = await deps.flow.complete(query);
  const user = outcome.user;
  if (user) {
    await deps.audit.record({
      type: 'signin',
      at: new Date((deps.clock ?? systemClock).now()).toISOString(),
      correlationId,
      platform: user.platform,
      actorId: user.id,
      ...(user.aadObjectId ? { actorAad: user.aadObjectId } : {}),
      verb: 'login',
      tokenContext: 'user',
      outcome: outcome.ok ? 'signed-in' : outcome.outcome,
    });
  }
  if (outcome.ok) {
    deps.logger.info({ component: 'signin', platform: outcome.user.platform }, 'user signed in');
    return page(res, 200, `You are signed in as ${outcome.username}. You can close this tab.`);
  }
  deps.logger.warn(
    { component: 'signin', outcome: outcome.outcome, status: outcome.status },
    'sign-in refused',
  );
  return page(res, outcome.status, outcome.message);
}

function noStore(res: Response): void {
  // The URLs carry a state and an authorization code: keep them out of caches and Referer headers.
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

function page(res: Response, status: number, text: string): void {
  noStore(res);
  res.status(status).type('text/plain; charset=utf-8').send(`${text}\n`);
}
