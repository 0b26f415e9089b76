import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { buildSlackManifest } from '../../scripts/manifest/index.js';
import { SLACK_SCOPE_NAMES } from '../../src/doctor/services.js';
import { inputsFor } from './helpers.js';

// The parts of Slack's manifest format that defbot uses, with Slack's documented length limits.
const slackManifest = z
  .object({
    _metadata: z.object({ major_version: z.literal(2), minor_version: z.number().int() }),
    display_information: z.object({
      name: z.string().min(1).max(35),
      description: z.string().min(1).max(140),
      background_color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
      long_description: z.string().min(175).max(4000),
    }),
    features: z.object({
      bot_user: z.object({ display_name: z.string().min(1).max(80), always_online: z.boolean() }),
      slash_commands: z.array(
        z
          .object({
            command: z.string().regex(/^\/[a-z-]+$/),
            url: z.string(),
            description: z.string().min(1).max(2000),
            usage_hint: z.string().min(1).max(1000),
            should_escape: z.boolean(),
          })
          .strict(),
      ),
    }),
    oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }).strict() }),
    settings: z
      .object({
        event_subscriptions: z.object({ request_url: z.string(), bot_events: z.array(z.string()) }).strict(),
        interactivity: z.object({ is_enabled: z.boolean(), request_url: z.string() }).strict(),
        org_deploy_enabled: z.boolean(),
        socket_mode_enabled: z.boolean(),
        token_rotation_enabled: z.boolean(),
      })
      .strict(),
  })
  .strict();

describe('Slack manifest', () => {
  const manifest = slackManifest.parse(
    parse(buildSlackManifest(inputsFor('https://defbot.contoso.com/chat/'))),
  );
  const eventsUrl = 'https://defbot.contoso.com/chat/slack/events';

  it("declares /defender against the bot's one Slack route", () => {
    expect(manifest.features.slash_commands).toEqual([
      expect.objectContaining({ command: '/defender', url: eventsUrl, should_escape: false }),
    ]);
    expect(manifest.features.slash_commands[0]?.usage_hint).toContain('help');
  });

  it('sends interactivity and events to the same URL, over HTTP rather than Socket Mode', () => {
    expect(manifest.settings).toEqual({
      event_subscriptions: { request_url: eventsUrl, bot_events: ['app_uninstalled'] },
      interactivity: { is_enabled: true, request_url: eventsUrl },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    });
  });

  it('asks for the least bot scopes the code uses, and no user scopes', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
      'channels:history',
      'chat:write',
      'commands',
      'files:write',
      'groups:history',
      'im:write',
      'users:read',
      'users:read.email',
    ]);
  });

  it('asks for exactly the scopes the doctor checks', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...SLACK_SCOPE_NAMES].sort());
  });

  it('leaves no placeholder unfilled', () => {
    expect(buildSlackManifest(inputsFor())).not.toMatch(/\$\{/);
  });
});
