// Configuration: environment + RBAC file, validated once at boot and frozen.
export { loadConfig } from './load.js';
export { ConfigError, isConfigError } from './errors.js';
export { ENV_DEFAULTS, LOG_LEVELS } from './env.js';
export { approvalActionProblems, DEFAULT_EXPIRE_DAYS, MAX_EXPIRE_DAYS } from './rbac.js';
export { BOT_FRAMEWORK_HOSTS, indicatorSettings, upstreamHosts } from './indicators.js';
export { isLoopbackHost } from './net.js';
export { loadHuntsFile, parseHunts } from './hunts.js';
export type { HuntCatalogue, HuntDefinition, HuntParameter } from './hunts.js';
export type {
  Config,
  Role,
  MicrosoftAppType,
  ChatRole,
  UserContextMode,
  AzureCredential,
  AzureConfig,
  SlackConfig,
  TeamsConfig,
  RbacConfig,
} from './types.js';
