// Entra ID: the app token for MDE (and for Graph), its `roles` claim read per feature, and the
// credential's expiry where it can be known. Tokens are decoded here and never printed.
import { readFile } from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import type { AzureConfig } from '../config/types.js';
import { createLogger } from '../core/logger.js';
import { AppTokenProvider } from '../identity/index.js';
import { fail, ok, warn, type Check } from './report.js';

/** A feature and the application permissions any one of which lets it work. */
interface FeaturePermission {
  feature: string;
  anyOf: readonly string[];
  /** Without it the bot is of no use (look-ups, alerts): a ✗, not a !. */
  essential?: boolean;
}

const MACHINE_ACTIONS = [
  'Machine.Isolate',
  'Machine.Scan',
  'Machine.RestrictExecution',
  'Machine.CollectForensics',
  'Machine.Offboard',
  'Machine.StopAndQuarantine',
  'Machine.LiveResponse',
];

export const MDE_FEATURES: readonly FeaturePermission[] = [
  {
    feature: 'look-ups (machine, actions, status)',
    anyOf: ['Machine.Read.All', 'Machine.ReadWrite.All'],
    essential: true,
  },
  {
    feature: 'alerts and alert notifications',
    anyOf: ['Alert.Read.All', 'Alert.ReadWrite.All'],
    essential: true,
  },
  { feature: 'isolate, release', anyOf: ['Machine.Isolate'] },
  { feature: 'restrict, unrestrict', anyOf: ['Machine.RestrictExecution'] },
  { feature: 'scan', anyOf: ['Machine.Scan'] },
  { feature: 'collect', anyOf: ['Machine.CollectForensics'] },
  { feature: 'cancel', anyOf: MACHINE_ACTIONS },
  { feature: 'alert triage (assign, resolve, comment)', anyOf: ['Alert.ReadWrite.All'] },
  { feature: 'indicators (block, unblock, indicators)', anyOf: ['Ti.ReadWrite.All', 'Ti.ReadWrite'] },
  { feature: 'tags (tag, untag)', anyOf: ['Machine.ReadWrite.All'] },
  { feature: 'live response (run)', anyOf: ['Machine.LiveResponse'] },
  { feature: 'live response library (scripts)', anyOf: ['Library.Manage'] },
];

export const GRAPH_FEATURES: readonly FeaturePermission[] = [
  { feature: 'hunting through Microsoft Graph (hunt, hunts)', anyOf: ['ThreatHunting.Read.All'] },
];

/** The claims of a JWT's payload; the signature is Entra's business, not ours to check here. */
export function tokenClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) return {};
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function rolesOf(token: string): string[] {
  const roles = tokenClaims(token).roles;
  return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : [];
}

/** One line per feature: granted, or which permission to add (a ✗ for the essential ones). */
export function permissionChecks(
  area: string,
  api: string,
  roles: readonly string[],
  features: readonly FeaturePermission[],
  clientId: string,
): Check[] {
  return features.map(({ feature, anyOf, essential }) => {
    const granted = anyOf.find((role) => roles.includes(role));
    if (granted) return ok(area, `${feature}: ${granted} granted`);
    const fix = `in the app registration ${clientId}: API permissions → ${api} → Application permissions → add ${anyOf[0]}, then Grant admin consent`;
    const message = `${feature}: no ${anyOf.length > 1 ? `${anyOf.slice(0, 2).join(' or ')}${anyOf.length > 2 ? ' (or another)' : ''}` : anyOf[0]} in the token`;
    return essential
      ? fail(area, message, fix)
      : warn(area, `${message}; the bot names it when the feature is used`, fix);
  });
}

/** The app token for `scope`, or the ✗ saying why there is none. */
export async function appToken(
  azure: AzureConfig,
  scope: string,
  area: string,
): Promise<{ token: string } | { check: Check }> {
  const provider = new AppTokenProvider({ azure, scope, logger: createLogger({ level: 'silent' }) });
  try {
    return { token: await provider.getToken() };
  } catch (error) {
    return {
      check: fail(
        area,
        `no app token for ${scope}: ${error instanceof Error ? error.message : String(error)}`,
        'check AZURE_TENANT_ID, AZURE_CLIENT_ID, the client secret or certificate, and AZURE_AUTHORITY_HOST',
      ),
    };
  }
}

const DAY_MS = 24 * 3600 * 1000;

/** The credential: a certificate's expiry (a ! within 30 days, a ✗ once past); a secret's is not visible here. */
export async function credentialCheck(azure: AzureConfig, now: number): Promise<Check> {
  if (azure.credential.kind === 'secret')
    return ok('Entra', 'client secret (its expiry shows only in the app registration)');
  try {
    const pem = await readFile(azure.credential.certificatePath, 'utf8');
    const block = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
    if (!block)
      return warn('Entra', 'client certificate: no certificate block in the file to read its expiry');
    const until = Date.parse(new X509Certificate(block).validTo);
    const date = new Date(until).toISOString().slice(0, 10);
    const fix =
      'upload a new certificate to the app registration and point AZURE_CLIENT_CERTIFICATE_PATH at it';
    if (until <= now) return fail('Entra', `client certificate expired on ${date}`, fix);
    if (until - now < 30 * DAY_MS) return warn('Entra', `client certificate expires on ${date}`, fix);
    return ok('Entra', `client certificate valid until ${date}`);
  } catch (error) {
    return fail(
      'Entra',
      `client certificate unreadable: ${error instanceof Error ? error.message : String(error)}`,
      'make AZURE_CLIENT_CERTIFICATE_PATH a readable PEM file with the certificate and its private key',
    );
  }
}
