import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runManifest } from '../../scripts/manifest.js';
import { pngSize, validateTeamsManifest } from '../../scripts/manifest/index.js';
import { APP_ID, readZip } from './helpers.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'defbot-manifest-'));

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `scripts/manifest.ts` as `npm run manifest` would, with only the given manifest variables. */
async function runScript(vars: Record<string, string>): Promise<RunResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, MANIFEST_OUT_DIR: outDir, ...vars };
  for (const name of ['MICROSOFT_APP_ID', 'PUBLIC_URL', 'AZURE_CLIENT_ID'])
    if (!(name in vars)) delete env[name];
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/manifest.ts'],
      { cwd: repoRoot, env },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

// A child process compiles the script with tsx first, which takes seconds on a busy machine.
describe('npm run manifest', { timeout: 90_000 }, () => {
  it('writes a Teams package of exactly manifest.json and the two icons, ids filled', async () => {
    const result = await runScript({ MICROSOFT_APP_ID: APP_ID, PUBLIC_URL: 'https://defbot.contoso.com' });
    expect(result.code).toBe(0);
    const zipPath = join(outDir, 'defbot-teams.zip');
    expect(result.stdout).toContain(zipPath);
    expect(result.stdout).toContain(join(outDir, 'slack-manifest.yaml'));

    const files = await readZip(zipPath);
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(files.get('manifest.json')?.toString('utf8') ?? '') as Record<string, never>;
    expect(manifest).toMatchObject({
      id: APP_ID,
      bots: [{ botId: APP_ID }],
      validDomains: ['defbot.contoso.com'],
    });
    expect(await validateTeamsManifest(manifest)).toEqual([]);
    expect(pngSize(files.get('color.png') ?? Buffer.alloc(0))).toMatchObject({ width: 192, height: 192 });
    expect(pngSize(files.get('outline.png') ?? Buffer.alloc(0))).toMatchObject({ width: 32, height: 32 });

    const slack = parse(readFileSync(join(outDir, 'slack-manifest.yaml'), 'utf8')) as {
      features: { slash_commands: { url: string }[] };
    };
    expect(slack.features.slash_commands[0]?.url).toBe('https://defbot.contoso.com/slack/events');
  });

  it('exits non-zero naming MICROSOFT_APP_ID when it is missing', async () => {
    const result = await runScript({ PUBLIC_URL: 'https://defbot.contoso.com' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('MICROSOFT_APP_ID is required');
    expect(result.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it('exits non-zero when PUBLIC_URL is not https', async () => {
    const result = await runScript({ MICROSOFT_APP_ID: APP_ID, PUBLIC_URL: 'http://defbot.contoso.com' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('PUBLIC_URL must use https');
  });

  it('reports every bad variable in-process too, and writes nothing', async () => {
    const errors: string[] = [];
    const dir = join(outDir, 'refused');
    const code = await runManifest(
      { MICROSOFT_APP_ID: 'not-a-guid', MANIFEST_OUT_DIR: dir },
      { info: () => undefined, error: (line) => errors.push(line) },
    );
    expect(code).toBe(1);
    expect(errors.join('\n')).toMatch(/MICROSOFT_APP_ID must be a GUID[\s\S]*PUBLIC_URL is required/);
    expect(existsSync(dir)).toBe(false);
  });
});
