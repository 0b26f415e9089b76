// What every drill stands on: the simulator (HTTPS, trusted through NODE_EXTRA_CA_CERTS set by the
// runner), a fake Slack, fresh machines, a scratch directory and a Redis key prefix, all torn down together.
import {
  startSimulator,
  type SimMachine,
  type Simulator,
  type SimulatorOptions,
} from '../../src/sim/index.js';
import { startFakeSlack, type FakeSlack } from '../../test/helpers/fake-slack.js';
import { removePrefix } from '../../bench/lib/bot.js';
import { BOT_TOKEN, newPrefix, scratchDir, writeRbac, type DrillTargets } from './bot.js';

export interface Stage {
  sim: Simulator;
  slack: FakeSlack;
  targets: DrillTargets;
  dir: string;
  rbacFile: string;
  prefix: string;
  /** `count` new machines named drill-<tag>-NN, one per action so no action meets another pending one. */
  machines(count: number, tag: string): SimMachine[];
  close(): Promise<void>;
}

export async function startStage(simOptions: SimulatorOptions = {}): Promise<Stage> {
  const certDir = process.env.SIM_CERT_DIR;
  if (!certDir || !process.env.NODE_EXTRA_CA_CERTS) {
    throw new Error(
      'SIM_CERT_DIR / NODE_EXTRA_CA_CERTS are not set: run drills with `npm run drills [-- <name>]`.',
    );
  }
  const scratch = await scratchDir();
  const sim = await startSimulator({ certDir, ...simOptions });
  const slack = await startFakeSlack({ botToken: BOT_TOKEN });
  const prefix = newPrefix();
  return {
    sim,
    slack,
    targets: { simUrl: sim.url, tenantId: sim.tenantId, slackApiUrl: slack.apiUrl },
    dir: scratch.dir,
    rbacFile: await writeRbac(scratch.dir),
    prefix,
    machines: (count, tag) =>
      Array.from({ length: count }, (_, i) =>
        sim.mde.addMachine({ computerDnsName: `drill-${tag}-${String(i).padStart(2, '0')}.drill.local` }),
      ),
    async close() {
      await slack.close();
      await sim.close();
      await removePrefix(prefix).catch(() => undefined);
      await scratch.remove();
    },
  };
}
