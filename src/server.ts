// The one HTTP server of every role: probes and metrics always; chat and sign-in routes only when
// the composition root passes mountChatRoutes (roles web and all). With METRICS_PORT, /metrics moves
// to a second listener of its own (same host), so the chat port an ingress exposes never serves it.
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
  /** metrics absent: /metrics on the chat port, open (the defaults). */
  config: Pick<Config, 'host' | 'port'> & Partial<Pick<Config, 'metrics'>>;
  logger: Logger;
  /** Asked by /readyz; an ioredis client fits. */
  redis: Pingable;
  registry: Registry;
  /** Mounts /slack/events, /api/messages and /auth/* (web and all roles only). */
  mountChatRoutes?: (app: Express) => void;
  /** How long /readyz waits for Redis; 1 s by default. */
  readinessTimeoutMs?: number;
}

export interface ListeningPorts {
  port: number;
  /** The port of the metrics listener, when METRICS_PORT gave /metrics one. */
  metricsPort: number | undefined;
}

export interface HttpServer {
  app: Express;
  listen(): Promise<ListeningPorts>;
  /** Stops accepting connections (on both listeners), turns /readyz to 503 and resolves when open requests are done. */
  close(): Promise<void>;
}

export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { config, logger, redis, registry } = options;
  const metricsPort = config.metrics?.port;
  const metrics = metricsRoutes(registry, { token: config.metrics?.token });
  const servers: Server[] = [];
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
  if (metricsPort === undefined) app.use(metrics);
  options.mountChatRoutes?.(app);
  app.use(notFound);
  app.use(errorHandler(logger));

  /** The metrics listener's app: /metrics and nothing else. */
  function metricsApp(): Express {
    const only = express();
    only.disable('x-powered-by');
    only.use(securityHeaders, rejectOversizedBodies(), metrics, notFound, errorHandler(logger));
    return only;
  }

  async function listen(): Promise<ListeningPorts> {
    const main = await listenOn(app, config.port, config.host);
    servers.push(main);
    if (metricsPort === undefined) return { port: portOf(main), metricsPort: undefined };
    try {
      const scrape = await listenOn(metricsApp(), metricsPort, config.host);
      servers.push(scrape);
      return { port: portOf(main), metricsPort: portOf(scrape) };
    } catch (error) {
      // The caller only learns to close us once listen() resolves: do not leave the chat port open.
      await close();
      throw error;
    }
  }

  async function close(): Promise<void> {
    draining = true;
    await Promise.all(servers.splice(0).map(closeServer));
  }

  return { app, listen, close };
}

function listenOn(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const started = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(started)));
    // Bound slow clients; chat platforms expect answers within seconds anyway.
    started.headersTimeout = 20_000;
    started.requestTimeout = 30_000;
  });
}

function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive sockets with no request in flight would otherwise hold close() open.
    server.closeIdleConnections();
  });
}
