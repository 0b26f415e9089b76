// A local fake of the Bot Connector service (the Teams side of the Bot Framework): records every
// /v3/conversations call, answers with ids and members (with the email/UPN a test set), can fail or
// hang the next matching call, and serves the OpenID metadata + JWKS that botbuilder fetches to check
// the channel's JWTs, with a signer for such tokens.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

export type ConnectorRoute =
  'reply' | 'send' | 'update' | 'delete' | 'create' | 'member' | 'openid' | 'jwks' | 'other';

export interface ConnectorCall {
  method: string;
  /** Decoded path, e.g. /v3/conversations/19:abc@thread.tacv2/activities/123 */
  path: string;
  route: ConnectorRoute;
  conversationId?: string;
  /** replyTo id (reply), edited activity id (update) or member id (member). */
  targetId?: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
  /** The status the fake answered; 0 for a call it left hanging. */
  status: number;
  /** The activity id the fake answered for a reply/send (what later updates target). */
  responseId?: string;
}

export interface ChannelTokenOptions {
  aud: string;
  serviceUrl: string;
  iss?: string;
  /** Epoch seconds; default one hour from now. */
  exp?: number;
  /** Sign with a key the JWKS does not publish (same kid): a bad signature. */
  forgeSignature?: boolean;
}

/** What the member API answers for one member id (TeamsChannelAccount fields). */
export interface FakeMember {
  name?: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
}

export interface FakeConnector {
  /** e.g. http://127.0.0.1:PORT/ (the activities' serviceUrl) */
  serviceUrl: string;
  openIdMetadataUrl: string;
  calls(): ConnectorCall[];
  waitFor(predicate: (call: ConnectorCall) => boolean, timeoutMs?: number): Promise<ConnectorCall>;
  /** The next call whose "METHOD /path" matches fails with `status` (429s carry Retry-After: retryAfterSeconds). */
  failNext(pattern: RegExp | string, status: number, retryAfterSeconds?: number): void;
  /** The next call whose "METHOD /path" matches gets no answer at all (until close). */
  hangNext(pattern: RegExp | string): void;
  /** What GET …/members/{memberId} answers for this id; unknown ids get a member with no email. */
  setMember(memberId: string, member: FakeMember): void;
  signChannelToken(options: ChannelTokenOptions): Promise<string>;
  close(): Promise<void>;
}

const KEY_ID = 'fake-bf-key-1';
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

interface Failure {
  pattern: RegExp | string;
  status: number;
  retryAfterSeconds: number | undefined;
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      resolve(raw ? (JSON.parse(raw) as Record<string, unknown>) : {});
    });
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function classify(
  method: string,
  segments: string[],
): Pick<ConnectorCall, 'route' | 'conversationId' | 'targetId'> {
  const [v, conversations, conversationId, kind, targetId] = segments;
  if (segments.join('/') === 'v1/.well-known/openidconfiguration') return { route: 'openid' };
  if (segments.join('/') === 'v1/keys') return { route: 'jwks' };
  if (v !== 'v3' || conversations !== 'conversations') return { route: 'other' };
  if (!conversationId) return { route: method === 'POST' ? 'create' : 'other' };
  if (kind === 'activities' && method === 'POST')
    return { route: targetId ? 'reply' : 'send', conversationId, ...(targetId ? { targetId } : {}) };
  if (kind === 'activities' && method === 'PUT' && targetId)
    return { route: 'update', conversationId, targetId };
  if (kind === 'activities' && method === 'DELETE' && targetId)
    return { route: 'delete', conversationId, targetId };
  if (kind === 'members' && method === 'GET' && targetId)
    return { route: 'member', conversationId, targetId };
  return { route: 'other', conversationId };
}

function matches(pattern: RegExp | string, line: string): boolean {
  return typeof pattern === 'string' ? line.includes(pattern) : pattern.test(line);
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const forgedKey: CryptoKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = {
    ...(await exportJWK(publicKey)),
    kid: KEY_ID,
    use: 'sig',
    alg: 'RS256',
    endorsements: ['msteams'],
  };
  const calls: ConnectorCall[] = [];
  const failures: Failure[] = [];
  const hangs: Array<RegExp | string> = [];
  const members = new Map<string, FakeMember>();
  const waiters: Array<() => void> = [];
  let counter = 0;
  let base = '';

  let lastId: string | undefined;
  function answer(method: string, call: Omit<ConnectorCall, 'status'>, res: ServerResponse): number {
    lastId = undefined;
    const failure = failures.findIndex((f) => matches(f.pattern, `${method} ${call.path}`));
    if (failure >= 0) {
      const [{ status, retryAfterSeconds }] = failures.splice(failure, 1) as [Failure];
      const headers: Record<string, string> =
        status === 429 ? { 'retry-after': String(retryAfterSeconds ?? 1) } : {};
      const code =
        status === 404 ? 'ConversationNotFound' : status === 403 ? 'BotNotInConversationRoster' : 'Failure';
      send(res, status, { error: { code, message: `fake connector failure ${status}` } }, headers);
      return status;
    }
    counter += 1;
    switch (call.route) {
      case 'openid':
        send(res, 200, {
          issuer: BOT_FRAMEWORK_ISSUER,
          jwks_uri: `${base}v1/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
        });
        break;
      case 'jwks':
        send(res, 200, { keys: [jwk] });
        break;
      case 'reply':
      case 'send':
        lastId = `activity-${counter}`;
        send(res, 200, { id: lastId });
        break;
      case 'update':
        send(res, 200, { id: call.targetId });
        break;
      case 'delete':
        send(res, 200, {});
        break;
      case 'create':
        send(res, 201, { id: `a:personal-${counter}`, activityId: `activity-${counter}`, serviceUrl: base });
        break;
      case 'member': {
        const member = members.get(call.targetId ?? '') ?? {
          name: 'Member',
          aadObjectId: '00000000-0000-0000-0000-000000000001',
        };
        send(res, 200, { id: call.targetId, ...member });
        break;
      }
      default:
        send(res, 404, { error: { code: 'NotFound', message: 'no such route on the fake connector' } });
        return 404;
    }
    return call.route === 'create' ? 201 : 200;
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      const method = req.method ?? 'GET';
      const body = await readJson(req);
      const partial = {
        method,
        path: `/${segments.join('/')}`,
        ...classify(method, segments),
        body,
        authorization: req.headers.authorization,
      };
      const hang = hangs.findIndex((pattern) => matches(pattern, `${method} ${partial.path}`));
      if (hang >= 0) {
        hangs.splice(hang, 1);
        calls.push({ ...partial, status: 0 });
        for (const wake of waiters.splice(0)) wake();
        return;
      }
      const status = answer(method, partial, res);
      calls.push({ ...partial, status, ...(lastId ? { responseId: lastId } : {}) });
      for (const wake of waiters.splice(0)) wake();
    })().catch((error: unknown) =>
      send(res, 500, { error: { code: 'FakeFailure', message: String(error) } }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  return {
    serviceUrl: base,
    openIdMetadataUrl: `${base}v1/.well-known/openidconfiguration`,
    calls: () => [...calls],
    async waitFor(predicate, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = calls.find(predicate);
        if (found) return found;
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(
            `fake connector: no matching call; saw ${calls.map((c) => `${c.method} ${c.path}`).join(', ')}`,
          );
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    failNext(pattern, status, retryAfterSeconds) {
      failures.push({ pattern, status, retryAfterSeconds });
    },
    hangNext(pattern) {
      hangs.push(pattern);
    },
    setMember(memberId, member) {
      members.set(memberId, member);
    },
    async signChannelToken(options) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ serviceurl: options.serviceUrl })
        .setProtectedHeader({ alg: 'RS256', kid: KEY_ID, typ: 'JWT' })
        .setIssuer(options.iss ?? BOT_FRAMEWORK_ISSUER)
        .setAudience(options.aud)
        .setIssuedAt(now - 10)
        .setNotBefore(now - 10)
        .setExpirationTime(options.exp ?? now + 3600)
        .sign(options.forgeSignature ? forgedKey : privateKey);
    },
    close() {
      if (!server.listening) return Promise.resolve();
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
