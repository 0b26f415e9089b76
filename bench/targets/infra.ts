// Child process: the MDE + Entra simulator (MDE's published rate limits) and the fake Slack Web
// API, kept out of the bot's process so their CPU does not count as the bot's.
import { startFakeSlack } from '../../test/helpers/fake-slack.js';
import { announce, closeOnParentExit } from '../lib/child.js';
import { BOT_TOKEN } from '../lib/bot.js';
import { requireCertDir } from '../lib/env.js';
import { startSimulator } from '../../src/sim/index.js';

const sim = await startSimulator({ certDir: requireCertDir() });
const slack = await startFakeSlack({ botToken: BOT_TOKEN });
closeOnParentExit(async () => {
  await slack.close();
  await sim.close();
});
announce({
  simUrl: sim.url,
  tenantId: sim.tenantId,
  slackApiUrl: slack.apiUrl,
  responseUrl: slack.responseUrl('bench'),
});
