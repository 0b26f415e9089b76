// Events API: Bolt answers url_verification and acks every event itself; we only note events for now.
import type { App } from '@slack/bolt';
import type { Logger } from '../../core/index.js';

export function registerEventListener(app: App, logger: Logger): void {
  app.event(/.*/, async ({ event }) => {
    logger.debug({ eventType: event.type }, 'slack event ignored');
    return Promise.resolve();
  });
}
