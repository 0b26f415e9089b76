// The Entra tenants whose Teams users may reach the bot: the explicit list, else the bot's own tenant.
import type { Env } from './env.js';
import { isGuid } from './values.js';

/** TEAMS_ALLOWED_TENANTS, else the bot's own tenant (MICROSOFT_APP_TENANT_ID, else AZURE_TENANT_ID) when it is a GUID. */
export function allowedTenants(env: Env): readonly string[] {
  if (env.TEAMS_ALLOWED_TENANTS) return env.TEAMS_ALLOWED_TENANTS;
  const own = env.MICROSOFT_APP_TENANT_ID ?? env.AZURE_TENANT_ID;
  return own !== undefined && isGuid(own) ? [own.toLowerCase()] : [];
}
