// The playground's Slack external upload, as the bot's Slack Reply drives it: the three calls, then
// the file shown in the conversation's history.
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackReply } from '../../src/chat/slack/reply.js';
import { createLogger } from '../../src/core/logger.js';
import type { PlaygroundContext } from '../../src/playground/context.js';
import { slackApiRouter } from '../../src/playground/slack-api.js';
import { createSlackWebClient } from '../../src/chat/slack/web-client.js';
import { createBoltLogger } from '../../src/chat/slack/log-bridge.js';

const added: { conversation: string; text: string }[] = [];
const context = {
  slackBotToken: 'xoxb-playground',
  store: {
    nextTs: () => `1700000000.${String(added.length).padStart(6, '0')}`,
    add: (message: { conversation: string; text: string }) => added.push(message),
  },
  logger: createLogger({ level: 'silent' }),
} as unknown as PlaygroundContext;

let server: ReturnType<express.Express['listen']>;
let apiUrl: string;
beforeAll(async () => {
  const app = express();
  app.use('/slack', slackApiRouter(context));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/api/`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('playground Slack files', () => {
  it('takes a CSV through the external upload API and shows it in the conversation', async () => {
    const logger = createLogger({ level: 'silent' });
    const config = {
      signingSecret: 's',
      botToken: 'xoxb-playground',
      apiUrl,
      appToken: undefined,
      allowedTeams: undefined,
    };
    const reply = createSlackReply(createSlackWebClient(config, createBoltLogger(logger, [])), logger);
    const csv = `A,B\r\n${Array.from({ length: 10 }, (_, i) => `${i},x`).join('\r\n')}\r\n`;
    await reply.uploadFile!({ platform: 'slack', id: 'CHUNT', teamId: 'T1' } as never, {
      filename: 'hunt-logons.csv',
      title: 'Hunt results: logons',
      content: csv,
    });
    expect(added).toHaveLength(1);
    expect(added[0]!.conversation).toBe('CHUNT');
    expect(added[0]!.text).toContain('Hunt results: logons (hunt-logons.csv, 10 rows)');
    expect(added[0]!.text).toContain('… 5 more lines');
  });
});
