import { PostHog } from '../../src/index.js';
import type { PostHogOptions } from '../../src/client/options.js';
import type { Logger } from '../../src/base/logger.js';
import { VirtualScheduler } from './virtual-scheduler.js';

/** A logger that keeps every line, so tests can assert what the SDK said. */
export class MemoryLogger implements Logger {
  readonly lines: Array<{ level: 'debug' | 'warn' | 'error'; message: string }> = [];
  debug(message: string) {
    this.lines.push({ level: 'debug', message });
  }
  warn(message: string) {
    this.lines.push({ level: 'warn', message });
  }
  error(message: string) {
    this.lines.push({ level: 'error', message });
  }
  matching(pattern: RegExp) {
    return this.lines.filter((l) => pattern.test(l.message));
  }
}

/**
 * A client pointed at a recorder with a memory logger, on virtual time (auto-advancing unless a
 * scheduler is given). Pass `null` for the runtime's real timers, where a real deadline must cut a
 * real request. `options.platform` is merged over the scheduler.
 */
export function testClient(url: string, options: PostHogOptions = {}, scheduler: VirtualScheduler | null = new VirtualScheduler('auto')) {
  const logger = new MemoryLogger();
  const client = new PostHog('phc_test_key', {
    host: url,
    logger,
    ...options,
    platform: scheduler === null ? { ...options.platform } : { scheduler, ...options.platform },
  });
  return { client, logger, scheduler };
}
