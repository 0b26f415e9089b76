// Builds the bot's real Defender client (msal-node app tokens + shared Redis budget) against a simulator.
import type { Redis } from 'ioredis';
import type { AzureConfig } from '../../src/config/types.js';
import { createLogger, type Logger } from '../../src/core/logger.js';
import {
  createDefenderClient,
  type CreateDefenderOptions,
  type DefenderClient,
} from '../../src/defender/index.js';
import { AppTokenProvider } from '../../src/identity/index.js';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, type Simulator } from '../../src/sim/index.js';

export function simAzureConfig(sim: Simulator, overrides: Partial<AzureConfig> = {}): AzureConfig {
  return {
    tenantId: sim.tenantId,
    clientId: DEFAULT_CLIENT_ID,
    credential: { kind: 'secret', clientSecret: DEFAULT_CLIENT_SECRET },
    authorityHost: sim.authorityHost,
    ...overrides,
  };
}

export interface TestDefender {
  client: DefenderClient;
  tokens: AppTokenProvider;
}

export function createTestDefender(
  sim: Simulator,
  options: {
    redis?: Redis;
    prefix?: string;
    logger?: Logger;
    azure?: Partial<AzureConfig>;
  } & Partial<CreateDefenderOptions> = {},
): TestDefender {
  const logger = options.logger ?? createLogger({ level: 'silent' });
  const tokens = new AppTokenProvider({
    azure: simAzureConfig(sim, options.azure),
    scope: 'https://api.securitycenter.microsoft.com/.default',
    logger,
  });
  const client = createDefenderClient({ baseUrl: sim.defenderApiUrl, ...options, tokens });
  return { client, tokens };
}
