// Keeps the demo off any Redis but this machine's: it deletes its keys on exit and runs Teams without
// authentication, so a REDIS_URL naming another host is refused before anything connects to it.
import { isLoopbackHost } from '../config/net.js';

/**
 * Why the demo must not use this REDIS_URL, in one line, or undefined when it names this machine
 * (127.0.0.0/8, ::1, localhost). The line names only the host: the URL may carry a password.
 */
export function nonLocalRedisReason(redisUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(redisUrl);
  } catch {
    return 'REDIS_URL is not a redis:// URL; the demo only runs against a Redis on this machine (e.g. redis://127.0.0.1:6379), or unset REDIS_URL and it starts its own.';
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    return `REDIS_URL has the scheme ${url.protocol} where redis: or rediss: is needed; the demo only runs against a Redis on this machine, or unset REDIS_URL and it starts its own.`;
  }
  if (isLoopbackHost(url.hostname)) return undefined;
  return `REDIS_URL points at ${url.hostname || 'no host'}, not this machine; the demo deletes its keys on exit and accepts unauthenticated Teams traffic, so it only uses a Redis on 127.0.0.1, ::1 or localhost (or unset REDIS_URL and it starts its own).`;
}
