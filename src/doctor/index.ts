// `npm run doctor`: checks a live setup end to end — configuration, Entra (app tokens and their
// permissions per feature), MDE, Graph, user context, Slack, Teams, Redis, RBAC — and reports one
// line per check. Nothing it prints contains a token or a secret.
import { APPROVABLE_VERBS } from '../commands/index.js';
import { isConfigError, loadConfig, type Config } from '../config/index.js';
import {
  GRAPH_FEATURES,
  MDE_FEATURES,
  appToken,
  credentialCheck,
  permissionChecks,
  rolesOf,
} from './entra.js';
import { rbacChecks } from './rbac.js';
import { redisChecks } from './redis.js';
import { fail, ok, type Check } from './report.js';
import { mdeCheck, slackChecks, teamsChecks, userContextChecks } from './services.js';

export { failed, formatReport } from './report.js';
export type { Check, CheckStatus } from './report.js';

export interface DoctorOptions {
  /** Epoch ms (certificate expiry). */
  now?: number;
  fetch?: typeof fetch;
}

/** Every check, in the order an operator fixes things; a configuration that does not load stops there. */
export async function runDoctor(env: NodeJS.ProcessEnv, options: DoctorOptions = {}): Promise<Check[]> {
  let config: Config;
  try {
    config = loadConfig(env, { approvableVerbs: APPROVABLE_VERBS });
  } catch (error) {
    if (!isConfigError(error)) throw error;
    return error.problems.map((problem) =>
      fail('Configuration', problem, 'correct that variable (see the README configuration table)'),
    );
  }
  return runDoctorOn(config, options);
}

/** The checks of a configuration already loaded (the worker's, for `doctor` in chat). */
export async function runDoctorOn(config: Config, options: DoctorOptions = {}): Promise<Check[]> {
  const checks: Check[] = [ok('Configuration', `valid; ${features(config)}`)];
  checks.push(...(await azureChecks(config, options.now ?? Date.now())));
  checks.push(...userContextChecks(config));
  checks.push(...(await slackChecks(config, options.fetch)));
  checks.push(...(await teamsChecks(config, options.fetch)));
  checks.push(...(await redisChecks(config.redisUrl)));
  checks.push(...rbacChecks(config.rbac, config.rbacFile));
  return checks;
}

function features(config: Config): string {
  const on = [
    `role ${config.role}`,
    `Slack ${config.slack ? (config.slack.appToken ? 'on (Socket Mode)' : 'on') : 'off'}`,
    `Teams ${config.teams.appId ? 'on' : config.teams.allowUnauthenticated ? 'local only' : 'off'}`,
    `MDE ${config.azure ? 'on' : 'off'}`,
    `alerts every ${config.alertPollSeconds} s`,
    `user context ${config.rbac.userContext}`,
    `${config.hunts.length} named hunts`,
  ];
  return on.join(', ');
}

async function azureChecks(config: Config, now: number): Promise<Check[]> {
  const { azure } = config;
  if (!azure)
    return [
      fail(
        'Entra',
        'AZURE_TENANT_ID / AZURE_CLIENT_ID / credential not set: no MDE features',
        'register an app in Entra ID and set those variables (README: Registering the apps)',
      ),
    ];
  const checks: Check[] = [await credentialCheck(azure, now)];
  const mde = await appToken(azure, config.defenderScope, 'Entra');
  if ('check' in mde) return [...checks, mde.check];
  checks.push(ok('Entra', `app token for ${config.defenderScope}`));
  checks.push(
    ...permissionChecks('Entra', 'WindowsDefenderATP', rolesOf(mde.token), MDE_FEATURES, azure.clientId),
  );
  checks.push(await mdeCheck(config));
  const graph = await appToken(azure, config.graphScope, 'Graph');
  if ('check' in graph) return [...checks, graph.check];
  checks.push(ok('Graph', `app token for ${config.graphScope}`));
  checks.push(
    ...permissionChecks('Graph', 'Microsoft Graph', rolesOf(graph.token), GRAPH_FEATURES, azure.clientId),
  );
  return checks;
}
