// A minimal Bot Connector for the Teams benchmark, in the load generator's process so its clock is
// the generator's: it answers replies (POST /v3/conversations/{id}/activities/{replyToId}) with an id
// and notes when the reply to each activity arrived. Anything else is counted and answered 404.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface TimingConnector {
  /** The activities' serviceUrl, e.g. http://127.0.0.1:PORT/ */
  serviceUrl: string;
  /** performance.now() at the first reply to each activity id. */
  replyAt: ReadonlyMap<string, number>;
  /** Replies beyond the first to an activity, and calls that were not replies. */
  extraReplies(): number;
  otherCalls(): number;
  close(): Promise<void>;
}

export async function startTimingConnector(): Promise<TimingConnector> {
  const replyAt = new Map<string, number>();
  let extra = 0;
  let other = 0;
  let counter = 0;
  const server = createServer((req, res) => {
    const segments = new URL(req.url ?? '/', 'http://connector').pathname
      .split('/')
      .filter(Boolean)
      .map(decodeURIComponent);
    const [version, conversations, , activities, replyToId] = segments;
    req.resume();
    req.once('end', () => {
      const isReply =
        req.method === 'POST' &&
        version === 'v3' &&
        conversations === 'conversations' &&
        activities === 'activities' &&
        replyToId;
      if (!isReply) {
        other += 1;
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"NotFound"}}');
        return;
      }
      if (replyAt.has(replyToId)) extra += 1;
      else replyAt.set(replyToId, performance.now());
      counter += 1;
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id: `reply-${counter}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    serviceUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    replyAt,
    extraReplies: () => extra,
    otherCalls: () => other,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
