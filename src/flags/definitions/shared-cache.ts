import { excerpt } from '../../base/excerpt.js';
import type { Logger } from '../../base/logger.js';
import type { FlagDefinitionsCache } from './cache-provider.js';
import type { DefinitionsPayload } from './payload.js';

/** A payload read from the cache, with its ETag; `unchanged` when it is the object read or written last. @internal */
export interface CacheRead {
  payload: DefinitionsPayload;
  etag: string | undefined;
  unchanged: boolean;
}

/**
 * The loader's side of a {@link FlagDefinitionsCache}: every call guarded (what the provider throws is
 * logged and means "no payload" / "fetch"), and an unchanged payload recognised by identity so that
 * it is not compiled again.
 * @internal
 */
export class SharedDefinitions {
  /** The payload read or written last. */
  private last: DefinitionsPayload | undefined;

  constructor(
    private readonly cache: FlagDefinitionsCache,
    private readonly logger: Logger,
  ) {}

  /** Whether this process should fetch now; missing or failing means yes. */
  async shouldFetch(): Promise<boolean> {
    if (this.cache.shouldFetch === undefined) return true;
    try {
      return (await this.cache.shouldFetch()) !== false;
    } catch (error) {
      this.logger.warn(`flag definitions cache shouldFetch failed, fetching: ${excerpt(error)}`);
      return true;
    }
  }

  /** The stored payload and the ETag it was fetched with, or `undefined` (none, or the cache failed). */
  async read(): Promise<CacheRead | undefined> {
    try {
      const payload = await this.cache.get();
      if (payload === undefined || payload === null) return undefined;
      const unchanged = payload === this.last;
      // The ETag lets this process ask with If-None-Match for the payload now in force, whoever fetched it.
      const etag = unchanged ? undefined : ((await this.cache.etag?.()) ?? undefined);
      this.last = payload;
      return { payload, etag, unchanged };
    } catch (error) {
      this.logger.warn(`reading flag definitions from the cache failed: ${excerpt(error)}`);
      return undefined;
    }
  }

  /** Stores a payload fetched from PostHog (its JSON text) with its ETag. */
  async write(text: string, etag: string | undefined): Promise<void> {
    try {
      const payload = JSON.parse(text) as DefinitionsPayload;
      await this.cache.set(payload, etag);
      // A provider that hands this object back from get() tells the loader nothing changed.
      this.last = payload;
    } catch (error) {
      this.logger.warn(`storing flag definitions in the cache failed: ${excerpt(error)}`);
    }
  }

  async shutdown(): Promise<void> {
    try {
      await this.cache.shutdown?.();
    } catch (error) {
      this.logger.warn(`flag definitions cache shutdown failed: ${excerpt(error)}`);
    }
  }
}
