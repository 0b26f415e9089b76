// GET /{tenant}/oauth2/v2.0/authorize: the interactive sign-in, minus the UI. It checks the request
// like Entra (and insists on PKCE S256 and a state), signs in a configured test user and redirects
// back with a single-use code.
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { SimApp, SimUser } from '../types.js';
import { findUserByUpn, isKnownTenant, type EntraContext } from './context.js';
import { EntraError, entraErrorBody } from './errors.js';
import { checkConsentScopes } from './scopes.js';
import { clientInfo } from './tokens.js';

const AuthorizeQuery = z.object({
  client_id: z.string().optional(),
  redirect_uri: z.string().optional(),
  response_type: z.string().optional(),
  response_mode: z.enum(['query', 'fragment', 'form_post']).optional(),
  scope: z.string().optional(),
  state: z.string().optional(),
  nonce: z.string().optional(),
  code_challenge: z.string().optional(),
  code_challenge_method: z.string().optional(),
  login_hint: z.string().optional(),
});
type AuthorizeQuery = z.infer<typeof AuthorizeQuery>;

/** Entra accepts https reply URLs, and http only for loopback hosts. */
function isAcceptableRedirectUri(value: string | undefined): value is string {
  if (!value) return false;
  try {
    const url = new URL(value);
    if (url.hash) return false;
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Sends the result back to the client in the response mode it asked for. */
function respond(
  res: Response,
  redirectUri: string,
  mode: AuthorizeQuery['response_mode'],
  params: Record<string, string>,
): void {
  if (mode === 'form_post') {
    const inputs = Object.entries(params)
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
      .join('');
    res
      .type('html')
      .send(
        `<!doctype html><html><body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(redirectUri)}">${inputs}<noscript><button>Continue</button></noscript></form></body></html>`,
      );
    return;
  }
  const url = new URL(redirectUri);
  const search = new URLSearchParams(mode === 'fragment' ? '' : url.search);
  for (const [k, v] of Object.entries(params)) search.set(k, v);
  if (mode === 'fragment') url.hash = search.toString();
  else url.search = search.toString();
  res.redirect(302, url.toString());
}

function checkRequest(ctx: EntraContext, q: AuthorizeQuery): SimUser {
  if (q.response_type !== 'code') {
    throw new EntraError(
      'unsupported_response_type',
      700054,
      `response_type '${q.response_type ?? ''}' is not enabled for the application. The simulator supports the authorization code flow only.`,
    );
  }
  if (!q.code_challenge) {
    throw new EntraError(
      'invalid_request',
      9002325,
      'Proof Key for Code Exchange is required: send code_challenge and code_challenge_method=S256.',
    );
  }
  if (q.code_challenge_method !== 'S256') {
    throw new EntraError(
      'invalid_request',
      5002604,
      `code_challenge_method '${q.code_challenge_method ?? 'plain'}' is not supported; use S256.`,
    );
  }
  if (!/^[A-Za-z0-9_-]{43}$/.test(q.code_challenge)) {
    throw new EntraError(
      'invalid_request',
      50148,
      'The code_challenge is not a base64url-encoded SHA-256 hash.',
    );
  }
  if (!q.state)
    throw new EntraError(
      'invalid_request',
      900144,
      "The simulator requires the parameter 'state' (CSRF protection).",
    );
  checkConsentScopes(q.scope, ctx.apps, ctx.tenantId);
  const user = q.login_hint
    ? findUserByUpn(ctx.users, q.login_hint)
    : ctx.users.get(ctx.defaultUserOid() ?? '');
  if (!user) {
    throw new EntraError(
      'invalid_request',
      50034,
      `The user account ${q.login_hint ?? '(default)'} does not exist in the ${ctx.tenantId} directory.`,
    );
  }
  return user;
}

export function authorizeEndpoint(ctx: EntraContext) {
  return (req: Request, res: Response): void => {
    const q: AuthorizeQuery = AuthorizeQuery.safeParse(req.query).data ?? {};
    const page = (err: EntraError) => res.status(400).json(entraErrorBody(err, undefined, ctx.baseUrl()));
    const tenant = String(req.params.tenant);
    if (!isKnownTenant(ctx, tenant))
      return void page(new EntraError('invalid_request', 90002, `Tenant '${tenant}' not found.`));
    const app: SimApp | undefined = q.client_id ? ctx.apps.get(q.client_id.toLowerCase()) : undefined;
    if (!app) {
      return void page(
        new EntraError(
          'unauthorized_client',
          700016,
          `Application with identifier '${q.client_id ?? ''}' was not found in the directory '${ctx.tenantId}'.`,
        ),
      );
    }
    if (!isAcceptableRedirectUri(q.redirect_uri)) {
      return void page(
        new EntraError(
          'invalid_request',
          50011,
          `The redirect URI '${q.redirect_uri ?? ''}' specified in the request does not match the redirect URIs configured for the application '${app.clientId}'.`,
        ),
      );
    }
    const redirectUri = q.redirect_uri;
    const state: Record<string, string> = q.state ? { state: q.state } : {};
    try {
      const user = checkRequest(ctx, q);
      const code = ctx.grants.issueCode({
        clientId: app.clientId,
        userOid: user.oid,
        redirectUri,
        codeChallenge: q.code_challenge ?? '',
        scope: q.scope ?? '',
        nonce: q.nonce,
      });
      respond(res, redirectUri, q.response_mode, {
        code,
        client_info: clientInfo(user, ctx.tenantId),
        ...state,
      });
    } catch (err) {
      if (!(err instanceof EntraError)) throw err;
      respond(res, redirectUri, q.response_mode, {
        error: err.error,
        error_description: err.message,
        ...state,
      });
    }
  };
}
