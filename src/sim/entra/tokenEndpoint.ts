// POST /{tenant}/oauth2/v2.0/token: authenticates the client, runs the grant, logs the request.
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { authenticateClient } from './clientAuth.js';
import { isKnownTenant, type EntraContext, type TokenResponseBody } from './context.js';
import { EntraError, sendEntraError } from './errors.js';
import { authorizationCodeGrant } from './grants/authorizationCode.js';
import { clientCredentialsGrant } from './grants/clientCredentials.js';
import { OBO_GRANT_TYPE, onBehalfOfGrant } from './grants/onBehalfOf.js';
import { refreshTokenGrant } from './grants/refreshToken.js';
import type { TokenLog } from './tokenLog.js';

const optional = z.string().optional();
const TokenForm = z.object({
  grant_type: optional,
  client_id: optional,
  client_secret: optional,
  client_assertion_type: optional,
  client_assertion: optional,
  scope: optional,
  code: optional,
  redirect_uri: optional,
  code_verifier: optional,
  refresh_token: optional,
  assertion: optional,
  requested_token_use: optional,
});
type TokenForm = z.infer<typeof TokenForm>;

async function runGrant(ctx: EntraContext, form: TokenForm, req: Request): Promise<TokenResponseBody> {
  const tenant = String(req.params.tenant);
  if (!isKnownTenant(ctx, tenant)) {
    throw new EntraError(
      'invalid_request',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    );
  }
  if (!form.grant_type)
    throw new EntraError(
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'grant_type'.",
    );
  const known = ['client_credentials', 'authorization_code', 'refresh_token', OBO_GRANT_TYPE];
  if (!known.includes(form.grant_type)) {
    throw new EntraError(
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${form.grant_type}'.`,
    );
  }
  const client = await authenticateClient(form, req.get('authorization'), ctx);
  switch (form.grant_type) {
    case 'client_credentials':
      return clientCredentialsGrant(ctx, client, form.scope);
    case 'authorization_code':
      return authorizationCodeGrant(ctx, client, form);
    case 'refresh_token':
      return refreshTokenGrant(ctx, client, form.refresh_token, form.scope);
    default:
      return onBehalfOfGrant(ctx, client, form);
  }
}

export function tokenEndpoint(ctx: EntraContext, log: TokenLog) {
  const handler = async (req: Request, res: Response): Promise<void> => {
    const parsed = TokenForm.safeParse(req.body ?? {});
    const form: TokenForm = parsed.success ? parsed.data : {};
    const record = {
      at: new Date().toISOString(),
      grantType: form.grant_type,
      clientId: form.client_id,
      scope: form.scope,
    };
    try {
      if (!parsed.success)
        throw new EntraError(
          'invalid_request',
          900144,
          'The request body must be form-encoded OAuth parameters.',
        );
      const body = await runGrant(ctx, form, req);
      log.add({ ...record, success: true, status: 200 });
      res.set('Cache-Control', 'no-store, no-cache').set('Pragma', 'no-cache').json(body);
    } catch (err) {
      const entraError =
        err instanceof EntraError
          ? err
          : new EntraError('server_error', 90100, `The simulator failed: ${(err as Error).message}`);
      log.add({
        ...record,
        success: false,
        status: entraError.status,
        error: `${entraError.error} AADSTS${entraError.aadsts}`,
      });
      sendEntraError(res, entraError, ctx.baseUrl());
    }
  };
  return [express.urlencoded({ extended: false }), handler] as const;
}
