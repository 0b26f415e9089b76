// The one HTTP server of every role: probes and metrics always; chat and sign-in routes only when
// the composition root passes mountChatRoutes (roles web and all).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type Express } from 'express';
import type { Registry } from 'prom-client';
import type { Config } from './config/index.js';
import type { Logger } from './core/index.js';
import {
  errorHandler,
  healthRoutes,
  metricsRoutes,
  notFound,
  rejectOversizedBodies,
  securityHeaders,
  type Pingable,
} from './http/index.js';

export interface HttpServerOptions {
  config: Pick<Config, 'host' | 'port'>;
  logger: Logger;
  /** Asked by /readyz; an ioredis client fits. */
  redis: Pingable;
  registry: Registry;
  /** Mounts /slack/events, /api/messages and /auth/* (web and all roles only). */
  mountChatRoutes?: (app: Express) => void;
  /** How long /readyz waits for Redis; 1 s by default. */
  readinessTimeoutMs?: number;
}

export interface HttpServer {
  app: Express;
  listen(): Promise<{ port: number }>;
  /** Stops accepting connections, turns /readyz to 503 and resolves when open requests are done. */
  close(): Promise<void>;
}

export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { config, logger, redis, registry } = options;
  let server: Server | undefined;
  let draining = false;

  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders, rejectOversizedBodies());
  app.use(
    healthRoutes({
      redis,
      logger,
      timeoutMs: options.readinessTimeoutMs ?? 1000,
      isDraining: () => draining,
    }),
  );
  app.use(metricsRoutes(registry));
  options.mountChatRoutes?.(app);
  app.use(notFound);
  app.use(errorHandler(logger));

  function listen(): Promise<{ port: number }> {
    return new Promise((resolve, reject) => {
      const started = app.listen(config.port, config.host, (error?: Error) => {
        if (error) return reject(error);
        resolve({ port: (started.address() as AddressInfo).port });
      });
      // Bound slow clients; chat platforms expect answers within seconds anyway.
      started.headersTimeout = 20_000;
      started.requestTimeout = 30_000;
      server = started;
    });
  }

  function close(): Promise<void> {
    draining = true;
    const running = server;
    if (!running?.listening) return Promise.resolve();
    return new Promise((resolve, reject) => {
      running.close((error) => (error ? reject(error) : resolve()));
      // Keep-alive sockets with no request in flight would otherwise hold close() open.
      running.closeIdleConnections();
    });
  }

  return { app, listen, close };
}
