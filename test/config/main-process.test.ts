// The real entry point refuses a bad environment: exit code 1 and one "config:" line per problem.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('src/main.ts with a bad environment', () => {
  it('exits non-zero and prints one stderr line per problem, without secrets', () => {
    const result = spawnSync('npx', ['tsx', 'src/main.ts'], {
      cwd: process.cwd(),
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: 'not-a-port',
        ROLE: 'everything',
        SLACK_SIGNING_SECRET: 'very-secret-signing-value',
      },
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.split('\n').filter((line) => line.startsWith('config: '));
    expect(
      lines.map((line) => line.slice('config: '.length, line.indexOf(':', 'config: '.length))).sort(),
    ).toEqual(['PORT', 'ROLE', 'SLACK_BOT_TOKEN']);
    expect(result.stderr).not.toContain('very-secret-signing-value');
    expect(result.stdout).not.toContain('defbot started');
  });
});
