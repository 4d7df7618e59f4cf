import { type Logger, createConsoleLogger, guardLogger } from '../../base/logger.js';
import type { FlagDefinitionsCache } from '../../flags/definitions/cache-provider.js';
import type { DefinitionsPayload } from '../../flags/definitions/payload.js';
import { type RedisCommandClient, RedisLink, type RedisSource } from './redis-link.js';

/** Options of {@link createRedisFlagDefinitionsCache}. Give `url` or `client`. */
export interface RedisFlagDefinitionsCacheOptions {
  /**
   * A Redis URL; the cache opens its own client with the `redis` package (an optional peer
   * dependency) and closes it on `shutdown()`.
   * @example 'redis://127.0.0.1:6379'
   */
  url?: string;
  /** Your own connected client instead of `url` (node-redis, or any {@link RedisCommandClient}); it stays open on `shutdown()`. */
  client?: RedisCommandClient;
  /**
   * Prefix of the keys: one per PostHog project sharing the same Redis.
   * @default 'posthog:flag-definitions'
   */
  keyPrefix?: string;
  /**
   * The clients' `featureFlagsPollingInterval`: the length of the interval in which one process fetches.
   * @default 30000
   */
  pollingInterval?: number;
  /**
   * When nothing is stored yet and another process holds the lock (a fleet starting together), how
   * long a process waits for that process's payload before fetching itself.
   * @default 10000
   */
  startupWaitMs?: number;
  /** How long one Redis command may take before Redis counts as unavailable. @default 1000 */
  commandTimeoutMs?: number;
  /** Where warnings go (one per Redis outage). @default console, prefixed `[PostHog]` */
  logger?: Logger;
  /** The clock that places polls in intervals. @default Date.now */
  now?: () => number;
}

/** How often a waiting process looks for the first payload. */
const STARTUP_POLL_MS = 50;

/** A payload as read from (or written to) Redis; `version` changes with every write. */
interface Stored {
  version: string;
  etag: string | undefined;
  payload: DefinitionsPayload;
}

function text(reply: unknown): string | undefined {
  if (typeof reply === 'string') return reply;
  if (reply instanceof Uint8Array) return new TextDecoder().decode(reply);
  return undefined;
}

const positive = (value: unknown, fallback: number): number => (typeof value === 'number' && value > 0 && Number.isFinite(value) ? value : fallback);

/**
 * Flag definitions shared by a fleet through Redis. Each poll interval is a slot with its own lock
 * (`SET NX PX`): the first process to poll in it fetches from PostHog (with the `ETag` of the shared
 * payload, so usually a `304`) and writes what it got; the others read the shared payload. A lock
 * expires with its interval, so a holder that dies frees the next interval for another process.
 * When Redis cannot answer, each process polls PostHog itself, with one warning, until it is back.
 * @internal Built by {@link createRedisFlagDefinitionsCache}.
 */
class RedisFlagDefinitionsCache implements FlagDefinitionsCache {
  private readonly link: RedisLink;
  private readonly hashKey: string;
  private readonly lockPrefix: string;
  private readonly interval: number;
  private readonly startupWaitMs: number;
  private readonly now: () => number;
  private readonly token = crypto.randomUUID();
  /** What this process last read or wrote; handed back as the same object while unchanged. */
  private last: Stored | undefined;

  constructor(source: RedisSource, options: RedisFlagDefinitionsCacheOptions, private readonly logger: Logger) {
    const prefix = typeof options.keyPrefix === 'string' && options.keyPrefix !== '' ? options.keyPrefix : 'posthog:flag-definitions';
    this.hashKey = `${prefix}:payload`;
    this.lockPrefix = `${prefix}:lock:`;
    this.interval = positive(options.pollingInterval, 30_000);
    this.startupWaitMs = typeof options.startupWaitMs === 'number' && options.startupWaitMs >= 0 ? options.startupWaitMs : 10_000;
    this.now = options.now ?? Date.now;
    this.link = new RedisLink(source, positive(options.commandTimeoutMs, 1_000), logger);
  }

  /** The shared payload outlives its last refresh by this long, so a fleet gone for good leaves nothing stale behind. */
  private get payloadTtlMs(): number {
    return Math.max(10 * this.interval, 60_000);
  }

  async shouldFetch(): Promise<boolean> {
    try {
      if (await this.acquire()) return true;
      if (this.last !== undefined || (await this.stored())) return false;
      return await this.awaitFirstPayload();
    } catch (error) {
      this.link.failed(error);
      return true;
    }
  }

  async get(): Promise<DefinitionsPayload | undefined> {
    try {
      const version = text(await this.link.command(['HGET', this.hashKey, 'version']));
      if (version === undefined) return undefined;
      if (version === this.last?.version) return this.last.payload;
      const [v, etag, body] = ((await this.link.command(['HMGET', this.hashKey, 'version', 'etag', 'body'])) as unknown[]).map(text);
      if (v === undefined || body === undefined) return undefined;
      this.last = { version: v, etag: etag === '' ? undefined : etag, payload: JSON.parse(body) as DefinitionsPayload };
      return this.last.payload;
    } catch (error) {
      if (error instanceof SyntaxError) this.logger.warn(`the flag definitions stored in Redis (${this.hashKey}) are not JSON; ignoring them`);
      else this.link.failed(error);
      return undefined;
    }
  }

  etag(): string | undefined {
    return this.last?.etag;
  }

  async set(payload: DefinitionsPayload, etag?: string): Promise<void> {
    // Kept even when Redis is down: it is what this process has, and may have to seed Redis later.
    this.last = { version: crypto.randomUUID(), etag, payload };
    try {
      await this.save(this.last);
    } catch (error) {
      this.link.failed(error);
    }
  }

  async shutdown(): Promise<void> {
    await this.link.close();
  }

  private async save(stored: Stored): Promise<void> {
    const body = JSON.stringify(stored.payload);
    await this.link.command(['HSET', this.hashKey, 'version', stored.version, 'etag', stored.etag ?? '', 'body', body]);
    await this.link.command(['PEXPIRE', this.hashKey, String(this.payloadTtlMs)]);
  }

  /**
   * Takes this interval's lock, if no process has. The holder keeps the shared payload alive; when it
   * is gone (Redis restarted, or it expired) the holder puts back what it has, since a `304` to its
   * fetch would otherwise leave the others nothing to read.
   */
  private async acquire(): Promise<boolean> {
    const slot = Math.floor(this.now() / this.interval);
    const reply = await this.link.command(['SET', `${this.lockPrefix}${slot}`, this.token, 'NX', 'PX', String(this.interval)]);
    if (text(reply) !== 'OK') return false;
    const kept = Number(await this.link.command(['PEXPIRE', this.hashKey, String(this.payloadTtlMs)]));
    if (kept === 0 && this.last !== undefined) await this.save(this.last);
    return true;
  }

  private async stored(): Promise<boolean> {
    return Number(await this.link.command(['EXISTS', this.hashKey])) > 0;
  }

  /**
   * A fleet starting together: another process holds the lock and nothing is stored yet. Rather than
   * every process fetching, wait for the holder's payload; if it never comes (the holder died, its
   * fetch failed), take the next interval's lock or, after `startupWaitMs`, fetch anyway.
   */
  private async awaitFirstPayload(): Promise<boolean> {
    for (let waited = 0; waited < this.startupWaitMs; waited += STARTUP_POLL_MS) {
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, STARTUP_POLL_MS);
        (timer as { unref?: () => void }).unref?.();
      });
      if (await this.stored()) return false;
      if (await this.acquire()) return true;
    }
    return true;
  }
}

/**
 * A {@link FlagDefinitionsCache} on Redis, so that a fleet makes one definitions request per poll
 * interval instead of one per process. Pass it to every client as `flagDefinitionsCache`.
 * @example
 * import { PostHog } from 'posthog-ts'
 * import { createRedisFlagDefinitionsCache } from 'posthog-ts/redis'
 * const posthog = new PostHog(apiKey, {
 *   personalApiKey,
 *   flagDefinitionsCache: createRedisFlagDefinitionsCache({ url: process.env.REDIS_URL }),
 * })
 */
export function createRedisFlagDefinitionsCache(options: RedisFlagDefinitionsCacheOptions): FlagDefinitionsCache {
  // Your logger gets the debug lines too (it decides what to show) and may never break the cache.
  const logger = options?.logger ? guardLogger(options.logger, () => true) : createConsoleLogger(() => false);
  let source: RedisSource;
  if (options?.client !== undefined && typeof options.client?.sendCommand === 'function') source = { client: options.client };
  else if (typeof options?.url === 'string' && options.url !== '') source = { url: options.url };
  else logger.error('createRedisFlagDefinitionsCache: give `url` (a Redis URL) or `client` (with sendCommand); until then every process polls PostHog itself');
  return new RedisFlagDefinitionsCache(source, options ?? {}, logger);
}
