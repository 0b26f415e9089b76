// Mints tokens directly, without a token request: for tests that need an expired token, a token for
// another audience, or a user token to start an on-behalf-of exchange.
import type { SimApp, SimUser } from '../types.js';
import { findUserByUpn, type EntraContext } from './context.js';
import { MDE_RESOURCE } from './directory.js';

export type IssueTokenSpec =
  | {
      kind: 'app';
      /** Defaults to the first registered app. */
      clientId?: string;
      audience?: string;
      /** Overrides the app's roles. */
      roles?: string[];
      /** Negative for an already expired token. */
      lifetimeSeconds?: number;
    }
  | {
      kind: 'user';
      clientId?: string;
      /** UPN or oid; defaults to the default sign-in user. */
      user?: string;
      audience?: string;
      /** Delegated permission names; defaults to the app's delegated scopes. */
      scopes?: string[];
      lifetimeSeconds?: number;
      /** '2.0' for an app's own API (what on-behalf-of starts from); default '1.0' (MDE). */
      version?: '1.0' | '2.0';
    };

function pickApp(ctx: EntraContext, clientId: string | undefined): SimApp {
  const app = clientId ? ctx.apps.get(clientId.toLowerCase()) : ctx.apps.values().next().value;
  if (!app) throw new Error(`issueToken: no app ${clientId ?? '(none registered)'}`);
  return app;
}

function pickUser(ctx: EntraContext, ref: string | undefined): SimUser {
  const user = ref
    ? (ctx.users.get(ref) ?? findUserByUpn(ctx.users, ref))
    : ctx.users.get(ctx.defaultUserOid() ?? '');
  if (!user) throw new Error(`issueToken: no user ${ref ?? '(default)'}`);
  return user;
}

export async function issueTestToken(ctx: EntraContext, spec: IssueTokenSpec): Promise<string> {
  const app = pickApp(ctx, spec.clientId);
  if (spec.kind === 'app') {
    const withRoles = spec.roles ? { ...app, appRoles: spec.roles } : app;
    return (
      await ctx.minter.appToken(withRoles, spec.audience ?? MDE_RESOURCE, 'secret', spec.lifetimeSeconds)
    ).token;
  }
  const user = pickUser(ctx, spec.user);
  const version = spec.version ?? '1.0';
  const grant = {
    app,
    user,
    audience: spec.audience ?? (version === '2.0' ? app.clientId : MDE_RESOURCE),
    scopes: spec.scopes ?? (version === '2.0' ? ['access_as_user'] : app.delegatedScopes),
    auth: 'secret' as const,
  };
  const minted =
    version === '2.0'
      ? await ctx.minter.userTokenV2(grant, spec.lifetimeSeconds)
      : await ctx.minter.userTokenV1(grant, spec.lifetimeSeconds);
  return minted.token;
}
