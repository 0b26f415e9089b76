// Parses an OAuth `scope` parameter the way Entra does: OIDC scopes aside, every other scope names
// one resource (an identifier URI or app id) and a permission on it (or `.default`).
import type { SimApp } from '../types.js';
import { GRAPH_RESOURCE_ALIASES, isGraphPermission, MDE_RESOURCE_ALIASES } from './directory.js';
import { EntraError } from './errors.js';

export const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

export type ScopeResource =
  /** The WindowsDefenderATP API; `audience` is the identifier the client used. */
  | { kind: 'mde'; audience: string; prefix: string }
  /** Microsoft Graph; `audience` is the identifier the client used. */
  | { kind: 'graph'; audience: string; prefix: string }
  /** An app registration's own API (api://<clientId> or the bare client id). */
  | { kind: 'app'; app: SimApp; audience: string; prefix: string };

export interface ScopeRequest {
  /** Undefined when only OIDC scopes were asked for. */
  resource: ScopeResource | undefined;
  /** Permission names on the resource, or ['.default']. */
  permissions: string[];
  oidc: string[];
}

function splitScope(scope: string): { prefix: string; permission: string } {
  const slash = scope.lastIndexOf('/');
  if (slash <= 0) return { prefix: scope, permission: '' };
  return { prefix: scope.slice(0, slash), permission: scope.slice(slash + 1) };
}

function resolveResource(prefix: string, apps: ReadonlyMap<string, SimApp>): ScopeResource | undefined {
  const normalized = prefix.replace(/\/+$/, '').toLowerCase();
  const mde = MDE_RESOURCE_ALIASES.find((alias) => alias.toLowerCase() === normalized);
  if (mde) return { kind: 'mde', audience: mde, prefix };
  const graph = GRAPH_RESOURCE_ALIASES.find((alias) => alias.toLowerCase() === normalized);
  if (graph) return { kind: 'graph', audience: graph, prefix };
  const clientId = normalized.startsWith('api://') ? normalized.slice('api://'.length) : normalized;
  const app = apps.get(clientId);
  if (app) return { kind: 'app', app, audience: app.clientId, prefix };
  return undefined;
}

export function parseScope(
  scopeParam: string | undefined,
  apps: ReadonlyMap<string, SimApp>,
  tenantId: string,
): ScopeRequest {
  const scopes = (scopeParam ?? '').split(/\s+/).filter(Boolean);
  const oidc = scopes.filter((s) => OIDC_SCOPES.has(s.toLowerCase()));
  const resourceScopes = scopes.filter((s) => !OIDC_SCOPES.has(s.toLowerCase()));
  if (resourceScopes.length === 0) return { resource: undefined, permissions: [], oidc };

  let resource: ScopeResource | undefined;
  const permissions: string[] = [];
  for (const scope of resourceScopes) {
    const { prefix, permission } = splitScope(scope);
    if (!permission) {
      throw new EntraError(
        'invalid_scope',
        70011,
        `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
      );
    }
    const found = resolveResource(prefix, apps);
    if (!found) {
      throw new EntraError(
        'invalid_resource',
        500011,
        `The resource principal named ${prefix} was not found in the tenant named ${tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      );
    }
    if (resource && resource.audience !== found.audience) {
      throw new EntraError(
        'invalid_scope',
        28000,
        `Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${scopes.join(' ')} is not valid.`,
      );
    }
    resource = found;
    permissions.push(permission);
  }
  if (permissions.includes('.default') && permissions.length > 1) {
    throw new EntraError(
      'invalid_scope',
      70011,
      `The provided value for the input parameter 'scope' is not valid. The scope ${scopes.join(' ')} is not valid. static scope limit exceeded.`,
    );
  }
  return { resource, permissions, oidc };
}

/**
 * The sign-in (/authorize) may ask consent for several resources at once (MSAL's
 * extraScopesToConsent); a token is still for one. Checks each resource's scopes on their own.
 */
export function checkConsentScopes(
  scopeParam: string | undefined,
  apps: ReadonlyMap<string, SimApp>,
  tenantId: string,
): void {
  const scopes = (scopeParam ?? '').split(/\s+/).filter(Boolean);
  const byResource = new Map<string, string[]>();
  for (const scope of scopes) {
    const key = OIDC_SCOPES.has(scope.toLowerCase()) ? '' : splitScope(scope).prefix.toLowerCase();
    byResource.set(key, [...(byResource.get(key) ?? []), scope]);
  }
  if (byResource.size === 0) parseScope(scopeParam, apps, tenantId);
  for (const group of byResource.values()) parseScope(group.join(' '), apps, tenantId);
}

/** Delegated permissions to grant: `.default` means everything consented; anything unconsented is refused. */
export function grantedDelegatedPermissions(request: ScopeRequest, client: SimApp): string[] {
  const resource = request.resource;
  if (!resource) return [];
  if (resource.kind === 'app') {
    // An app's own API exposes one scope by convention.
    return request.permissions.includes('.default') ? ['access_as_user'] : request.permissions;
  }
  // Each resource's token carries only that resource's permissions.
  const own = client.delegatedScopes.filter((p) => isGraphPermission(p) === (resource.kind === 'graph'));
  if (request.permissions.includes('.default')) return own;
  const missing = request.permissions.filter((p) => !own.includes(p));
  if (missing.length > 0) {
    throw new EntraError(
      'invalid_grant',
      65001,
      `The user or administrator has not consented to use the application with ID '${client.clientId}' named '${client.displayName}'. Send an interactive authorization request for this user and resource.`,
      400,
      'consent_required',
    );
  }
  return request.permissions;
}

/** An app token's `roles`: the app's roles on the resource asked for. */
export function appRolesFor(request: ScopeRequest, app: SimApp): string[] {
  if (request.resource?.kind === 'app') return [];
  const graph = request.resource?.kind === 'graph';
  return app.appRoles.filter((role) => isGraphPermission(role) === graph);
}

/** The `scope` field of a delegated token response: granted permissions prefixed with the resource. */
export function responseScope(request: ScopeRequest, granted: string[]): string {
  const prefix = request.resource?.prefix;
  const resourceScopes = prefix ? granted.map((p) => `${prefix}/${p}`) : [];
  return [...resourceScopes, ...request.oidc].join(' ');
}
