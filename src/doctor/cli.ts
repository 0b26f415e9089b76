// `npm run doctor [-- --json] [-- --env-file <file>]`: prints the checks (or JSON for monitoring) and
// exits 1 when any check failed. `--env-file` reads KEY=VALUE lines over the environment (the demo
// writes one for itself); when it names a CA (NODE_EXTRA_CA_CERTS), the doctor runs itself again so
// Node trusts it, as the bot does.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { failed, formatReport, runDoctor } from './index.js';

function readEnvFile(path: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line);
    if (match) values[match[1]!] = match[2]!.replace(/^"(.*)"$/, '$1');
  }
  return values;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const at = args.indexOf('--env-file');
  const file = at >= 0 ? args[at + 1] : undefined;
  if (at >= 0 && !file) {
    process.stderr.write('--env-file needs a file\n');
    return 2;
  }
  const env = file ? { ...process.env, ...readEnvFile(file) } : process.env;
  const ca = env.NODE_EXTRA_CA_CERTS;
  if (ca && ca !== process.env.NODE_EXTRA_CA_CERTS) {
    const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: ca },
      stdio: 'inherit',
    });
    return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  }
  const checks = await runDoctor(env);
  process.stdout.write(
    json ? `${JSON.stringify({ ok: !failed(checks), checks }, null, 2)}\n` : `${formatReport(checks)}\n`,
  );
  return failed(checks) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`doctor: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
