// A real HTTP server (createHttpServer) with the Teams adapter mounted, a fake Bot Connector behind it,
// a recording InteractionHandler, real Redis under a unique prefix, and a logger whose lines the test reads.
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { Redis } from 'ioredis';
import type { ImmediateAnswer, InteractionHandler } from '../../src/app/types.js';
import type { TeamsConfig } from '../../src/config/types.js';
import {
  createLogger,
  type AdaptiveCardJson,
  type Clock,
  type Interaction,
  type Logger,
} from '../../src/core/index.js';
import { createMetricsRegistry, type Metrics, type Registry } from '../../src/metrics/index.js';
import { createHttpServer } from '../../src/server.js';
import {
  createTeamsAdapter,
  type TeamsAdapter,
  type TeamsCredentialsFactory,
} from '../../src/chat/teams/index.js';
import { BOT_FRAMEWORK_ISSUER, startFakeConnector, type FakeConnector } from '../helpers/fake-connector.js';
import { TENANT_ID } from '../helpers/teams-activity.js';

export const APP_ID = '5b1f3c2e-1111-4222-8333-944455556666';
export const APP_PASSWORD = 'app-password-Q8~never-log-this';
/** What the test credentials put on outbound calls. */
export const OUTBOUND_TOKEN = 'outbound-token-never-log-this';

export interface CapturedLog {
  logger: Logger;
  text(): string;
}

export function captureLog(level = 'debug'): CapturedLog {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return { logger: createLogger({ level, destination: stream }), text: () => chunks.join('') };
}

export function teamsConfig(authenticated: boolean): TeamsConfig {
  return authenticated
    ? {
        appId: APP_ID,
        appPassword: APP_PASSWORD,
        appTenantId: undefined,
        appType: 'MultiTenant',
        allowUnauthenticated: false,
        allowedTenants: [TENANT_ID],
      }
    : {
        appId: undefined,
        appPassword: undefined,
        appTenantId: undefined,
        appType: 'MultiTenant',
        allowUnauthenticated: true,
        allowedTenants: [TENANT_ID],
      };
}

/** Every key set: botbuilder defaults none of them once one is given. Inbound metadata comes from the fake. */
export function fakeCloudOverrides(fake: FakeConnector): Record<string, string> {
  return {
    ToBotFromChannelOpenIdMetadataUrl: fake.openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: fake.openIdMetadataUrl,
    ToBotFromChannelTokenIssuer: BOT_FRAMEWORK_ISSUER,
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    OAuthUrl: 'https://api.botframework.com',
    CallerId: 'urn:botframework:azure',
    ValidateAuthority: 'true',
  };
}

/** Outbound credentials without Entra: a fixed bearer token on every connector call. */
export const testCredentials: TeamsCredentialsFactory = {
  isValidAppId: (appId) => Promise.resolve(appId === APP_ID),
  isAuthenticationDisabled: () => Promise.resolve(false),
  createCredentials: () =>
    Promise.resolve({
      signRequest: (request) => {
        request.headers.set('authorization', `Bearer ${OUTBOUND_TOKEN}`);
        return Promise.resolve(request);
      },
    }),
};

export interface Harness {
  messagesUrl: string;
  fake: FakeConnector;
  adapter: TeamsAdapter;
  redis: Redis;
  prefix: string;
  seen: Interaction[];
  log: CapturedLog;
  /** The adapter's own metrics (a private registry). */
  metrics: Metrics;
  registry: Registry;
  /** The value of one counter series, 0 when it was never incremented. */
  counter(name: string, labels: Record<string, string>): Promise<number>;
  answerWith(next: (interaction: Interaction) => Promise<ImmediateAnswer>): void;
  close(): Promise<void>;
}

export interface HarnessOptions {
  authenticated?: boolean;
  /** Epoch ms for the adapter (receivedAt, refusal log pacing). */
  clock?: Clock;
  memberLookupTimeoutMs?: number;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const authenticated = options.authenticated ?? false;
  const { registry, metrics } = createMetricsRegistry();
  const fake = await startFakeConnector();
  const log = captureLog();
  const seen: Interaction[] = [];
  let next: (interaction: Interaction) => Promise<ImmediateAnswer> = () =>
    Promise.resolve({ visibility: 'none' });
  const handler: InteractionHandler = (interaction) => {
    seen.push(interaction);
    return next(interaction);
  };
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const prefix = `test-${randomUUID()}`;
  const adapter = createTeamsAdapter({
    config: teamsConfig(authenticated),
    handler,
    logger: log.logger,
    redis,
    prefix,
    metrics,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.memberLookupTimeoutMs === undefined
      ? {}
      : { memberLookupTimeoutMs: options.memberLookupTimeoutMs }),
    ...(authenticated
      ? { authOverrides: fakeCloudOverrides(fake), credentialsFactory: testCredentials }
      : {}),
  });
  const server = createHttpServer({
    config: { host: '127.0.0.1', port: 0 },
    logger: log.logger,
    redis,
    registry,
    mountChatRoutes: (app) => adapter.mount(app),
  });
  const { port } = await server.listen();
  return {
    messagesUrl: `http://127.0.0.1:${port}/api/messages`,
    fake,
    adapter,
    redis,
    prefix,
    seen,
    log,
    metrics,
    registry,
    async counter(name, labels) {
      const metric = registry.getSingleMetric(name);
      const values = metric ? (await metric.get()).values : [];
      const series = values.find((value) =>
        Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted),
      );
      return series?.value ?? 0;
    },
    answerWith: (fn) => void (next = fn),
    async close() {
      await server.close();
      await fake.close();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    },
  };
}

export function card(text: string): AdaptiveCardJson {
  return { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text, wrap: true }] };
}
