// A local fake of the Slack Web API (auth.test, chat.*, conversations.history and .open, users.info, views.open) and of
// response_url endpoints, recording every call so tests can assert what the bot sent. Failures can be
// queued per method, and a call can be held unanswered (Slack acted, the caller never heard back).
// A response_url keeps its message's state (replaced, deleted) and can be expired (Slack's lasts 30
// minutes and takes 5 uses; the fake counts no uses, as tests and benches share one URL freely).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SLACK_SCOPE_NAMES } from '../../src/doctor/services.js';

export interface FakeSlackCall {
  /** Web API method (chat.postMessage…) or "response_url". */
  method: string;
  /** For response_url calls: the :id of /response/:id. */
  responseId?: string;
  /** For response_url calls: the channel and user its slash command came from, when the test named them. */
  owner?: ResponseOwner;
  body: Record<string, unknown>;
  headers: { authorization: string | undefined; contentType: string | undefined };
  /** What the fake answered (e.g. the ts of a posted message). */
  response?: Record<string, unknown>;
  /** When the call arrived (epoch ms). */
  at: number;
}

/** Where a response_url's message is: the slash command's channel, seen by its user alone. */
export interface ResponseOwner {
  channel: string;
  user: string;
}

export interface FakeSlackUser {
  name?: string;
  realName?: string;
  email?: string;
}

/** A message as stored by the fake and returned by conversations.history. */
export interface FakeSlackMessage {
  type: 'message';
  ts: string;
  text: unknown;
  blocks: unknown;
  bot_id: string;
  metadata?: unknown;
}

/** A Slack error code answered as HTTP 200 {ok:false,error}, or an HTTP status. */
export type FakeSlackFailure = string | number;

export interface FakeSlack {
  /** e.g. http://127.0.0.1:PORT/api/ */
  apiUrl: string;
  /**
   * A response_url pointing at this fake. `owner`: the channel and user of the slash command it is
   * given to, recorded on its calls (Slack's URL names neither).
   */
  responseUrl(id: string, owner?: ResponseOwner): string;
  calls(): FakeSlackCall[];
  waitFor(predicate: (call: FakeSlackCall) => boolean, timeoutMs?: number): Promise<FakeSlackCall>;
  /** The next call of `method` fails; 429 answers carry Retry-After: retryAfterSeconds (default 1). */
  failNext(method: string, failure: FakeSlackFailure, retryAfterSeconds?: number): void;
  /** Every call of `method` fails this way until called again without a failure (Slack down for a while). */
  setFailing(method: string, failure?: FakeSlackFailure): void;
  /**
   * The next call of `method` takes effect (a posted message is stored) but is never answered, as
   * when the caller dies before Slack's answer arrives.
   */
  holdNext(method: string): void;
  /** Messages posted to `channel`, oldest first. */
  messages(channel: string): FakeSlackMessage[];
  /**
   * What the message behind response_url `id` shows now: undefined while untouched (the ack as it
   * was), 'deleted' after `delete_original`, or the text and blocks of the last `replace_original`.
   */
  responseMessage(id: string): 'deleted' | { text: unknown; blocks: unknown } | undefined;
  /** Response_url `id` answers 404 expired_url from now on, as Slack's does after 30 minutes. */
  expireResponseUrl(id: string): void;
  setUser(id: string, user: FakeSlackUser): void;
  /** Files uploaded through the external upload API (getUploadURLExternal, the upload, completeUploadExternal). */
  files(): FakeSlackFile[];
  close(): Promise<void>;
}

/** A file as the external upload API leaves it: its bytes, and the channel it was shared to once completed. */
export interface FakeSlackFile {
  id: string;
  filename: string;
  /** The length announced to files.getUploadURLExternal. */
  length: number;
  content?: string;
  title?: string;
  channel?: string;
}

export interface FakeSlackOptions {
  /** When set, Web API calls must carry `Authorization: Bearer <botToken>`; others get invalid_auth. */
  botToken?: string;
  /** The workspace auth.test names (default T0TEAM, the team of slack-signing.ts's bodies). */
  teamId?: string;
  /** The Enterprise Grid org auth.test names, if any. */
  enterpriseId?: string;
  botUserId?: string;
  botId?: string;
  /** The bot token's scopes, sent in x-oauth-scopes (default: every scope the bot's features use). */
  scopes?: readonly string[];
  /** The seconds part of the ts the fake hands out (default a fixed 1700000000, so tests can name ts values). */
  tsSeconds?: number;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJsonField(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata']);
const HISTORY_PAGE_LIMIT = 100;

/** Form bodies as the WebClient sends them: blocks/attachments arrive JSON-encoded. */
function decode(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    fields[key] = JSON_FIELDS.has(key) ? parseJsonField(value) : value;
  }
  return fields;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const teamId = options.teamId ?? 'T0TEAM';
  const recorded: FakeSlackCall[] = [];
  const failures = new Map<string, { failure: FakeSlackFailure; retryAfterSeconds: number }[]>();
  const failing = new Map<string, FakeSlackFailure>();
  const users = new Map<string, FakeSlackUser>();
  const waiters = new Set<() => void>();
  const held = new Set<string>();
  const channels = new Map<string, FakeSlackMessage[]>();
  const botId = options.botId ?? 'B0BOT';
  const files = new Map<string, FakeSlackFile>();
  let uploadBase = '';
  const tsSeconds = options.tsSeconds ?? 1700000000;
  let nextTs = 100;
  const responses = new Map<string, 'deleted' | { text: unknown; blocks: unknown }>();
  const expiredResponses = new Set<string>();
  const owners = new Map<string, ResponseOwner>();

  /** A response_url POST: the status and body Slack would answer, and its effect on the message. */
  function respond(id: string, body: Record<string, unknown>): [number, Record<string, unknown>] {
    if (expiredResponses.has(id)) return [404, { ok: false, error: 'expired_url' }];
    if (body.delete_original === true) responses.set(id, 'deleted');
    else if (body.replace_original === true) responses.set(id, { text: body.text, blocks: body.blocks });
    return [200, { ok: true }];
  }

  function history(channel: string | undefined, body: Record<string, unknown>): Record<string, unknown> {
    if (!channel) return { ok: false, error: 'channel_not_found' };
    // Newest first, paged by an opaque cursor; metadata only when asked for, as Slack does.
    const newestFirst = [...(channels.get(channel) ?? [])].reverse();
    const start = Number(typeof body.cursor === 'string' && body.cursor ? body.cursor : 0);
    const limit = Math.min(Number(body.limit ?? HISTORY_PAGE_LIMIT) || HISTORY_PAGE_LIMIT, 999);
    const withMetadata = body.include_all_metadata === true || body.include_all_metadata === 'true';
    const page = newestFirst
      .slice(start, start + limit)
      .map(({ metadata, ...message }) => (withMetadata && metadata ? { ...message, metadata } : message));
    const more = start + limit < newestFirst.length;
    return {
      ok: true,
      messages: page,
      has_more: more,
      response_metadata: { next_cursor: more ? String(start + limit) : '' },
    };
  }

  function answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    const channel = typeof body.channel === 'string' ? body.channel : undefined;
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://fake.slack.test/',
          team: 'Fake',
          user: 'defbot',
          team_id: teamId,
          ...(options.enterpriseId ? { enterprise_id: options.enterpriseId } : {}),
          user_id: options.botUserId ?? 'U0BOT',
          bot_id: options.botId ?? 'B0BOT',
        };
      case 'chat.postMessage': {
        const ts = `${tsSeconds}.${String(nextTs++).padStart(6, '0')}`;
        const message: FakeSlackMessage = {
          type: 'message',
          ts,
          text: body.text,
          blocks: body.blocks,
          bot_id: botId,
          ...(body.metadata ? { metadata: body.metadata } : {}),
        };
        if (channel) channels.set(channel, [...(channels.get(channel) ?? []), message]);
        return {
          ok: true,
          channel,
          ts,
          message: { type: 'message', ts, text: body.text, blocks: body.blocks },
        };
      }
      case 'chat.update': {
        const stored = channel ? channels.get(channel)?.find((m) => m.ts === body.ts) : undefined;
        if (stored) Object.assign(stored, { text: body.text, blocks: body.blocks });
        return { ok: true, channel, ts: body.ts, text: body.text };
      }
      case 'conversations.history':
        return history(channel, body);
      case 'views.open': {
        const view =
          typeof body.view === 'string' ? (JSON.parse(body.view) as Record<string, unknown>) : body.view;
        if (typeof body.trigger_id !== 'string' || !view) return { ok: false, error: 'invalid_arguments' };
        return {
          ok: true,
          view: { ...(view as Record<string, unknown>), id: `V${String(nextTs++).padStart(8, '0')}` },
        };
      }
      case 'files.getUploadURLExternal': {
        const length = Number(body.length);
        if (typeof body.filename !== 'string' || !Number.isInteger(length) || length < 1)
          return { ok: false, error: 'invalid_arguments' };
        const id = `F${String(nextTs++).padStart(8, '0')}`;
        files.set(id, { id, filename: body.filename, length });
        return { ok: true, upload_url: `${uploadBase}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const list = (typeof body.files === 'string' ? JSON.parse(body.files) : body.files) as
          { id: string; title?: string }[] | undefined;
        const done = (list ?? []).map((entry) => files.get(entry.id));
        if (done.length === 0 || done.some((file) => file?.content === undefined))
          return { ok: false, error: 'file_not_found' };
        for (const [index, file] of done.entries()) {
          if (!file) continue;
          file.title = list?.[index]?.title ?? file.filename;
          if (typeof body.channel_id === 'string') file.channel = body.channel_id;
        }
        return {
          ok: true,
          files: done.map((file) => ({ id: file?.id, name: file?.filename, title: file?.title })),
        };
      }
      case 'conversations.open': {
        // The bot's direct message with one user: D + the user's id, the same every time.
        const user = typeof body.users === 'string' ? body.users.split(',')[0] : '';
        if (!user) return { ok: false, error: 'users_list_not_supplied' };
        return { ok: true, channel: { id: `D${user}` } };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `1700000000.${String(nextTs++).padStart(6, '0')}` };
      case 'users.info': {
        // Every user id a signed request names exists in Slack; one not set up has no email.
        const id = typeof body.user === 'string' ? body.user : '';
        if (!id) return { ok: false, error: 'user_not_found' };
        const user = users.get(id) ?? {};
        return {
          ok: true,
          user: {
            id,
            team_id: teamId,
            name: user.name ?? id,
            real_name: user.realName,
            profile: { email: user.email, real_name: user.realName },
          },
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  function takeFailure(method: string): { failure: FakeSlackFailure; retryAfterSeconds: number } | undefined {
    const persistent = failing.get(method);
    return (
      failures.get(method)?.shift() ??
      (persistent === undefined ? undefined : { failure: persistent, retryAfterSeconds: 1 })
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const upload = /^\/upload\/(F\d+)$/.exec(url.pathname);
    if (upload && req.method === 'POST') {
      // The upload URL takes the bytes as they are, without a token (as Slack's does).
      const file = files.get(upload[1] ?? '');
      const content = await readBody(req);
      recorded.push({
        method: 'upload',
        body: { fileId: upload[1], bytes: Buffer.byteLength(content) },
        headers: { authorization: req.headers.authorization, contentType: req.headers['content-type'] },
        at: Date.now(),
      });
      if (!file) return send(res, 404, { ok: false, error: 'not_found' });
      file.content = content;
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${Buffer.byteLength(content)}`);
      for (const wake of waiters) wake();
      return;
    }
    const contentType = req.headers['content-type'];
    const body = decode(await readBody(req), contentType);
    const headers = { authorization: req.headers.authorization, contentType };
    const responseMatch = /^\/response\/([^/]+)$/.exec(url.pathname);
    const apiMatch = /^\/api\/([A-Za-z.]+)$/.exec(url.pathname);
    const method = responseMatch ? 'response_url' : apiMatch?.[1];
    if (req.method !== 'POST' || !method) return send(res, 404, { ok: false, error: 'not_found' });
    const call: FakeSlackCall = {
      method,
      ...(responseMatch ? { responseId: responseMatch[1] } : {}),
      ...(responseMatch && owners.has(responseMatch[1] ?? '')
        ? { owner: owners.get(responseMatch[1] ?? '') }
        : {}),
      body,
      headers,
      at: Date.now(),
    };
    recorded.push(call);
    const failure = takeFailure(method);
    // Waiters wake once the answer is known, so they can read it from `call.response`.
    const reply = (
      status: number,
      payload: Record<string, unknown>,
      extra: Record<string, string> = {},
    ): void => {
      call.response = payload;
      send(res, status, payload, extra);
      for (const wake of waiters) wake();
    };
    if (typeof failure?.failure === 'number') {
      const extra: Record<string, string> =
        failure.failure === 429 ? { 'retry-after': String(failure.retryAfterSeconds) } : {};
      return reply(
        failure.failure,
        { ok: false, error: failure.failure === 429 ? 'ratelimited' : 'fake_failure' },
        extra,
      );
    }
    if (failure) return reply(200, { ok: false, error: failure.failure });
    if (responseMatch) return reply(...respond(responseMatch[1] ?? '', body));
    if (options.botToken && headers.authorization !== `Bearer ${options.botToken}`)
      return reply(200, { ok: false, error: 'invalid_auth' });
    const payload = answer(method, body);
    if (held.delete(method)) {
      call.response = payload;
      for (const wake of waiters) wake();
      return;
    }
    // Slack names the token's scopes on every Web API answer.
    reply(200, payload, { 'x-oauth-scopes': (options.scopes ?? SLACK_SCOPE_NAMES).join(',') });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, { ok: false, error: 'fake_crashed' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  uploadBase = base;

  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id, owner) => {
      if (owner) owners.set(id, owner);
      return `${base}/response/${id}`;
    },
    calls: () => [...recorded],
    files: () => [...files.values()].map((file) => ({ ...file })),
    waitFor(predicate, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const found = recorded.find(predicate);
          if (!found) return;
          cleanup();
          resolve(found);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `fake Slack: no matching call within ${timeoutMs} ms; saw ${recorded.map((c) => c.method).join(', ') || 'none'}`,
            ),
          );
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    failNext(method, failure, retryAfterSeconds = 1) {
      const queue = failures.get(method) ?? [];
      queue.push({ failure, retryAfterSeconds });
      failures.set(method, queue);
    },
    setFailing(method, failure) {
      if (failure === undefined) failing.delete(method);
      else failing.set(method, failure);
    },
    holdNext: (method) => void held.add(method),
    messages: (channel) => [...(channels.get(channel) ?? [])],
    responseMessage: (id) => responses.get(id),
    expireResponseUrl: (id) => void expiredResponses.add(id),
    setUser: (id, user) => void users.set(id, user),
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
