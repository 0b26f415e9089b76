// Starts a simulator for one test file, on the certificates the global setup made (and that the
// worker already trusts via NODE_EXTRA_CA_CERTS).
import { expect } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim/index.js';

export async function startTestSimulator(overrides: SimulatorOptions = {}): Promise<Simulator> {
  const certDir = process.env.SIM_CERT_DIR;
  if (!certDir)
    throw new Error('SIM_CERT_DIR is not set: run the tests through vitest (test/setup/global.ts).');
  return startSimulator({ certDir, ...overrides });
}

/** The msal-node auth options that point a client at the simulator as its authority. */
export function msalAuth(sim: Simulator): { authority: string; knownAuthorities: string[] } {
  return { authority: `${sim.url}/${sim.tenantId}`, knownAuthorities: [new URL(sim.url).host] };
}

/** fetch against the simulator's control API. */
export async function control<T>(sim: Simulator, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sim.url}/_sim${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} /_sim${path} -> ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Asserts that an msal-node call failed with this OAuth error code and/or AADSTS code. */
export async function expectMsalFailure(
  promise: Promise<unknown>,
  expected: { errorCode?: string; aadsts?: string },
): Promise<void> {
  const outcome = await promise.then(
    () => undefined,
    (err: unknown) => err as { errorCode?: unknown; errorMessage?: unknown },
  );
  expect(outcome, 'expected the msal call to fail').toBeDefined();
  if (expected.errorCode) expect(String(outcome?.errorCode)).toBe(expected.errorCode);
  if (expected.aadsts) expect(String(outcome?.errorMessage)).toContain(expected.aadsts);
}
