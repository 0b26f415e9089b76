import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { correlationMixin, currentCorrelationId, withCorrelation } from '../../src/core/correlation.js';
import { createLogger } from '../../src/core/logger.js';

function capture() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line.length > 0);
  return {
    logger: createLogger({ level: 'debug', destination: stream }),
    lines,
    records: () => lines().map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('correlation id on log lines', () => {
  it('is on every line inside withCorrelation and absent outside it', async () => {
    const { logger, records } = capture();
    logger.info('before');
    await withCorrelation('corr-1', async () => {
      logger.info('inside');
      await sleep(5);
      logger.child({ component: 'child' }).warn({ n: 1 }, 'after an await, from a child');
      await new Promise<void>((resolve) => setTimeout(() => resolve(logger.debug('in a timer')), 1));
    });
    logger.info('after');
    const byMsg: Record<string, Record<string, unknown>> = Object.fromEntries(
      records().map((r) => [String(r.msg), r]),
    );
    expect(byMsg.before).not.toHaveProperty('correlationId');
    expect(byMsg.after).not.toHaveProperty('correlationId');
    expect(byMsg.inside?.correlationId).toBe('corr-1');
    expect(byMsg['after an await, from a child']).toMatchObject({
      correlationId: 'corr-1',
      component: 'child',
      n: 1,
    });
    expect(byMsg['in a timer']?.correlationId).toBe('corr-1');
  });

  it('uses the innermost id when contexts nest, and the outer one again after', () => {
    const { logger, records } = capture();
    withCorrelation('outer', () => {
      logger.info('a');
      withCorrelation('inner', () => logger.info('b'));
      logger.info('c');
    });
    expect(records().map((r) => [r.msg, r.correlationId])).toEqual([
      ['a', 'outer'],
      ['b', 'inner'],
      ['c', 'outer'],
    ]);
  });

  it('keeps concurrent contexts apart', async () => {
    const { logger, records } = capture();
    const work = (id: string, delays: number[]) =>
      withCorrelation(id, async () => {
        for (const [i, ms] of delays.entries()) {
          await sleep(ms);
          logger.info({ step: i }, id);
        }
      });
    await Promise.all([work('x', [5, 1, 5]), work('y', [1, 5, 1])]);
    const all = records();
    expect(all).toHaveLength(6);
    for (const r of all) expect(r.correlationId).toBe(r.msg);
  });

  it('lets a line name its own correlationId, written once', () => {
    const { logger, lines } = capture();
    withCorrelation('ambient', () => logger.info({ correlationId: 'explicit' }, 'own id'));
    const [line] = lines();
    expect(line!.match(/"correlationId"/g)).toHaveLength(1);
    expect(JSON.parse(line!)).toMatchObject({ correlationId: 'explicit' });
  });

  it('neither allocates nor collects fields outside a context, and never writes into the context', () => {
    expect(correlationMixin()).toBe(correlationMixin());
    expect(correlationMixin()).toEqual({});
    const { logger, records } = capture();
    logger.info({ leaked: 'one' }, 'first');
    logger.info('second');
    withCorrelation('c', () => {
      logger.info({ leaked: 'two' }, 'third');
      logger.info('fourth');
      expect(correlationMixin()).toEqual({ correlationId: 'c' });
    });
    const [, second, , fourth] = records();
    expect(second).not.toHaveProperty('leaked');
    expect(fourth).not.toHaveProperty('leaked');
    expect(fourth?.correlationId).toBe('c');
    expect(currentCorrelationId()).toBeUndefined();
  });
});
