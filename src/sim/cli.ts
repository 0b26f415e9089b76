// `npm run sim`: runs the simulator on a fixed port with certificates kept in .sim/, and prints the
// settings that point the bot (or any MDE client) at it.
import { resolve } from 'node:path';
import { DEFAULT_CLIENT_SECRET } from './entra/index.js';
import { startSimulator } from './server.js';

async function main(): Promise<void> {
  const port = Number(process.env.SIM_PORT ?? 4443);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`SIM_PORT must be a port number, got "${process.env.SIM_PORT}"`);
  const sim = await startSimulator({
    port,
    host: process.env.SIM_HOST ?? '127.0.0.1',
    certDir: resolve('.sim'),
  });
  const app = [...sim.apps.values()][0];
  const lines = [
    `MDE + Entra ID simulator listening on ${sim.url}`,
    '',
    'Trust its CA (Node reads this at start, so set it before launching the client):',
    `  NODE_EXTRA_CA_CERTS=${sim.caPath}`,
    '',
    'Environment for the bot:',
    `  AZURE_AUTHORITY_HOST=${sim.authorityHost}`,
    `  AZURE_TENANT_ID=${sim.tenantId}`,
    `  AZURE_CLIENT_ID=${app?.clientId ?? ''}`,
    // The simulator's built-in app secret: a fixed, public test value, not a credential.
    `  AZURE_CLIENT_SECRET=${app?.secret === DEFAULT_CLIENT_SECRET ? DEFAULT_CLIENT_SECRET : '<your app secret>'}`,
    `  DEFENDER_API_URL=${sim.defenderApiUrl}`,
    `  GRAPH_API_URL=${sim.graphApiUrl}`,
    '',
    `Users: ${[...sim.users.values()].map((u) => `${u.upn} (${u.mdeRoles.join('+')})`).join(', ')}`,
    `Control API: ${sim.url}/_sim/health, /_sim/machines, /_sim/alerts, /_sim/indicators, /_sim/faults, /_sim/calls, /_sim/token-requests`,
    'Ctrl-C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the simulator\n`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`simulator failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
