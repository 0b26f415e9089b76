// Confidential-client authentication at the token endpoint: a client secret (body or Basic header)
// or a certificate-signed client assertion (private_key_jwt), checked like Entra checks them.
import { createHash, timingSafeEqual, X509Certificate } from 'node:crypto';
import { decodeProtectedHeader, importX509, jwtVerify } from 'jose';
import type { SimApp, SimClock } from '../types.js';
import { EntraError } from './errors.js';
import type { ClientAuthMethod } from './tokens.js';

export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface ClientCredentials {
  client_id?: string | undefined;
  client_secret?: string | undefined;
  client_assertion_type?: string | undefined;
  client_assertion?: string | undefined;
}

export interface AuthenticatedClient {
  app: SimApp;
  auth: ClientAuthMethod;
}

export interface ClientAuthContext {
  apps: ReadonlyMap<string, SimApp>;
  tenantId: string;
  clock: SimClock;
  /** Audiences a client assertion may carry: this tenant's token endpoints. */
  assertionAudiences: () => string[];
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function fromBasicHeader(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return {
    id: decodeURIComponent(decoded.slice(0, colon)),
    secret: decodeURIComponent(decoded.slice(colon + 1)),
  };
}

function findApp(clientId: string | undefined, ctx: ClientAuthContext): SimApp {
  if (!clientId) {
    throw new EntraError(
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'client_id'.",
    );
  }
  const app = ctx.apps.get(clientId.toLowerCase());
  if (!app) {
    throw new EntraError(
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${ctx.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }
  return app;
}

const assertionFailed = (reason: string) =>
  new EntraError(
    'invalid_client',
    700027,
    `Client assertion failed signature validation. [Reason - ${reason}]`,
  );

async function verifyAssertion(assertion: string, app: SimApp, ctx: ClientAuthContext): Promise<void> {
  if (!app.certificatePem) throw assertionFailed('The key was not found.');
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    throw new EntraError('invalid_client', 50027, 'JWT token is invalid or malformed.');
  }
  const alg = header.alg === 'PS256' ? 'PS256' : 'RS256';
  const cert = new X509Certificate(app.certificatePem);
  const thumbprint = header['x5t#S256'] ?? header.x5t;
  if (typeof thumbprint === 'string') {
    const digest = header['x5t#S256'] !== undefined ? 'sha256' : 'sha1';
    const expected = createHash(digest).update(cert.raw).digest('base64url');
    if (thumbprint !== expected) {
      throw assertionFailed(
        `The key was not found., Thumbprint of key used by client: '${Buffer.from(thumbprint, 'base64url').toString('hex').toUpperCase()}'`,
      );
    }
  }
  const key = await importX509(app.certificatePem, alg);
  try {
    const { payload } = await jwtVerify(assertion, key, {
      algorithms: ['RS256', 'PS256'],
      audience: ctx.assertionAudiences(),
      currentDate: new Date(ctx.clock.now()),
      clockTolerance: 300,
      requiredClaims: ['exp', 'iss', 'sub', 'aud'],
    });
    if (payload.iss !== app.clientId || payload.sub !== app.clientId) {
      throw new EntraError(
        'invalid_client',
        700021,
        `Client assertion application identifier doesn't match 'client_id' parameter.`,
      );
    }
  } catch (err) {
    if (err instanceof EntraError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'ERR_JWT_EXPIRED')
      throw new EntraError('invalid_client', 700024, 'Client assertion is not within its valid time range.');
    if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED')
      throw new EntraError(
        'invalid_client',
        700212,
        `Client assertion audience claim does not match Realm issuer.`,
      );
    throw assertionFailed('The provided signature value did not match the expected signature value.');
  }
}

export async function authenticateClient(
  form: ClientCredentials,
  authorizationHeader: string | undefined,
  ctx: ClientAuthContext,
): Promise<AuthenticatedClient> {
  const basic = fromBasicHeader(authorizationHeader);
  const app = findApp(form.client_id ?? basic?.id, ctx);
  const secret = form.client_secret ?? basic?.secret;
  if (form.client_assertion || form.client_assertion_type) {
    if (form.client_assertion_type !== JWT_BEARER_ASSERTION_TYPE || !form.client_assertion) {
      throw new EntraError(
        'invalid_request',
        7000216,
        `'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.`,
      );
    }
    await verifyAssertion(form.client_assertion, app, ctx);
    return { app, auth: 'certificate' };
  }
  if (secret !== undefined) {
    if (!app.secret || !sameSecret(secret, app.secret)) {
      throw new EntraError(
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
      );
    }
    return { app, auth: 'secret' };
  }
  throw new EntraError(
    'invalid_client',
    7000218,
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  );
}
