import type { Logger } from '../../base/logger.js';
import type { SecretKey } from '../../base/secret.js';
import { LIB_NAME, LIB_VERSION } from '../../base/version.js';
import { describeFetchError } from '../../delivery/transport.js';
import { startDeadline } from './request-deadline.js';
import type { Cancel, Scheduler } from '../../platform/platform.js';
import { type CompiledFlagSet, compileFlagSet } from '../local/flag-set.js';
import { compileDefinitionsText } from './compile-text.js';
import type { FlagDefinitionsCache } from './cache-provider.js';
import { type DefinitionsListener, type DefinitionsState, DefinitionsWatchers } from './events.js';
import { type DefinitionsAnswer, requestDefinitions } from './definitions-request.js';
import type { DefinitionsPayload } from './payload.js';
import { excerpt } from '../../base/excerpt.js';
import { SharedDefinitions } from './shared-cache.js';

/** Longest poll interval while backing off. */
const MAX_BACKOFF_MS = 60_000;

/** Settings of the definitions loader. @internal */
export interface LoaderConfig {
  host: string;
  apiKey: string;
  /** Personal API key or project secret key; without it the loader only reads the cache / given payload. */
  secretKey: SecretKey | undefined;
  fetch: typeof fetch;
  /** Decodes a definitions body (the platform's `decodeUtf8`); `TextDecoder` when absent. */
  decodeUtf8?: (bytes: Uint8Array) => string;
  scheduler: Scheduler;
  logger: Logger;
  pollingIntervalMs: number;
  requestTimeoutMs: number;
  /** Most bytes of a definitions body read (after decompression); a larger one is abandoned. */
  maxBodyBytes: number;
  /** Definitions supplied by the application (no network needed). */
  initial: DefinitionsPayload | undefined;
  cache: FlagDefinitionsCache | undefined;
  /** Keep only flags tagged for one of these contexts (or untagged). */
  evaluationContexts?: readonly string[];
  /** Called after each load that put definitions in force, with how many flags they hold. */
  onLoaded?: (count: number) => void;
  /** Called with each failed load (network, refused, invalid), besides the log line. */
  onError?: (error: Error) => void;
}

/**
 * Loads flag definitions from `GET /flags/definitions`, compiles them once per version and polls.
 * Keeps the last good set on failure, backs off on 429, stops on 401/403 until asked to reload, and
 * clears on 402. All loads are single-flight; poll timers never hold the process open.
 * @internal
 */
export class DefinitionsLoader {
  private current: CompiledFlagSet | undefined;
  private etag: string | undefined;
  private backoff = 0;
  private stopped = false;
  /** Polling halted after 401/403 until `reload()`. */
  private halted = false;
  /** The key was refused (401/403) and no load has succeeded since. */
  private refused = false;
  private readonly shared: SharedDefinitions | undefined;
  private readonly watchers = new DefinitionsWatchers();
  private failing = false;
  private timer: Cancel | undefined;
  private inflight: Promise<void> | undefined;
  /** No load on demand before this time (ms epoch): set while backing off after a 429. */
  private nextOnDemandAt = 0;
  /** Cuts the request in flight short (set while one runs). */
  private cancelRequest: (() => void) | undefined;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly config: LoaderConfig) {
    if (config.cache !== undefined) this.shared = new SharedDefinitions(config.cache, config.logger);
    if (config.initial !== undefined) this.install(config.initial, config.scheduler.now());
  }

  /** Whether the loader fetches or reads anything at all. */
  get active(): boolean {
    return this.config.secretKey !== undefined || this.config.cache !== undefined;
  }

  /** The compiled definitions in force, if any. */
  get flags(): CompiledFlagSet | undefined {
    return this.current;
  }

  /** Where the loader stands, for integrations that report readiness. */
  get state(): DefinitionsState {
    if (this.refused) return 'halted';
    if (this.current !== undefined) return 'ready';
    return this.active && !this.stopped ? 'loading' : 'inactive';
  }

  /** Calls `listener` on every later `ready` / `changed` / `halted`; returns the unsubscribe. */
  watch(listener: DefinitionsListener): () => void {
    return this.watchers.add(listener);
  }

  /** Starts the first load and polling. */
  start(): void {
    if (this.active) void this.load();
  }

  /** Loads now (sharing a load in flight) and resumes polling after a 401/403 halt. Never rejects. */
  reload(): Promise<void> {
    this.halted = false;
    return this.load();
  }

  /**
   * Resolves `true` once definitions holding at least one flag are loaded; `false` when a load
   * brings zero flags (as posthog-node), after `timeoutMs`, when nothing can load them, or as soon as
   * the key is refused (401/403) or the loader stops.
   */
  waitUntilReady(timeoutMs: number): Promise<boolean> {
    if (this.ready) return Promise.resolve(true);
    if (!this.active || this.stopped) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const done = (ready: boolean) => {
        this.waiters.delete(onReady);
        cancel();
        resolve(ready);
      };
      const onReady = () => done(this.ready);
      const cancel = this.config.scheduler.setTimeout(() => done(this.ready), timeoutMs);
      this.waiters.add(onReady);
    });
  }

  /** Definitions with at least one flag are in force. */
  private get ready(): boolean {
    return (this.current?.size ?? 0) > 0;
  }

  /**
   * Starts a load when none has succeeded yet and none is under way (a flag call asks, as
   * posthog-node's do): a first load that failed is retried on demand, except while halted after
   * 401/403 or backing off after 429.
   */
  loadIfMissing(): void {
    if (this.current !== undefined || this.inflight !== undefined || this.halted || this.stopped || !this.active) return;
    if (this.config.scheduler.now() < this.nextOnDemandAt) return;
    void this.load();
  }

  /**
   * When nothing is loaded yet and a load is under way, waits for it (at most `timeoutMs`); otherwise
   * resolves at once. Flag calls use this so that a failed or refused first load never delays them.
   */
  settleLoadInFlight(timeoutMs: number): Promise<void> {
    const inflight = this.inflight;
    if (this.current !== undefined || inflight === undefined) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const cancel = this.config.scheduler.setTimeout(resolve, timeoutMs);
      void inflight.then(() => {
        cancel();
        resolve();
      });
    });
  }

  /** Stops polling, aborts a load in flight and shuts the cache provider down. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.timer?.();
    this.cancelRequest?.();
    for (const wake of [...this.waiters]) wake();
    await this.shared?.shutdown();
  }

  /** Installs definitions received as JSON text; flags are parsed when first used. */
  private installJson(text: string, loadedAt: number): boolean {
    const compiled = compileDefinitionsText(text, { loadedAt, evaluationContexts: this.config.evaluationContexts });
    if (compiled === undefined) this.warnFailure('flag definitions were not valid JSON with a "flags" list; keeping the last definitions');
    return this.adopt(compiled);
  }

  /** Installs definitions given as a payload (option `flagDefinitions`, the cache provider). */
  private install(payload: DefinitionsPayload, loadedAt: number): boolean {
    const valid = payload !== null && typeof payload === 'object' && Array.isArray(payload.flags);
    if (!valid) this.config.logger.warn('flag definitions without a "flags" list were ignored; keeping the previous definitions');
    return this.adopt(valid ? compileFlagSet(payload, { loadedAt, evaluationContexts: this.config.evaluationContexts }) : undefined);
  }

  /** Puts a compiled set in force and wakes whoever waits for one; `false` (nothing changes) without one. */
  private adopt(compiled: CompiledFlagSet | undefined): boolean {
    if (compiled === undefined) return false;
    const event = this.current === undefined || this.refused ? 'ready' : 'changed';
    this.current = compiled;
    this.refused = false;
    this.config.logger.debug(`loaded ${compiled.size} flag definitions`);
    for (const wake of [...this.waiters]) wake();
    this.watchers.emit(event);
    try {
      this.config.onLoaded?.(compiled.size);
    } catch (error) {
      this.config.logger.warn(`a definitions-loaded listener threw: ${String(error)}`);
    }
    return true;
  }

  private load(): Promise<void> {
    if (this.stopped || !this.active) return Promise.resolve();
    this.inflight ??= this.loadOnce()
      .catch((error) => this.config.logger.warn(`loading flag definitions failed: ${excerpt(error)}`))
      .finally(() => {
        this.inflight = undefined;
        this.schedule();
      });
    return this.inflight;
  }

  private schedule(): void {
    this.timer?.();
    this.timer = undefined;
    if (this.stopped || this.halted || this.config.secretKey === undefined && this.config.cache === undefined) return;
    const base = this.config.pollingIntervalMs;
    const delay = this.backoff === 0 ? base : Math.min(MAX_BACKOFF_MS, base * 2 ** this.backoff);
    this.nextOnDemandAt = this.backoff === 0 ? 0 : this.config.scheduler.now() + delay;
    this.timer = this.config.scheduler.setTimeout(() => void this.load(), delay);
  }

  /** Installs the shared payload when it changed; `true` when definitions from the cache are in force. */
  private async readCache(): Promise<boolean> {
    const read = await this.shared?.read();
    if (read === undefined) return false;
    if (read.unchanged && this.current !== undefined) return true;
    if (!this.install(read.payload, this.config.scheduler.now())) return false;
    this.etag = read.etag;
    return true;
  }

  private async loadOnce(): Promise<void> {
    const { secretKey } = this.config;
    if (secretKey === undefined) {
      await this.readCache();
      return;
    }
    if (this.shared !== undefined && !(await this.shared.shouldFetch())) {
      if ((await this.readCache()) || this.current !== undefined) return;
    }
    if (this.stopped) return;
    try {
      const request = startDeadline(this.config.requestTimeoutMs, (signal) => this.fetchDefinitions(secretKey, signal));
      this.cancelRequest = request.cancel;
      try {
        await request.done;
      } finally {
        this.cancelRequest = undefined;
      }
    } catch (error) {
      // The deadline (or shutdown) cut the request short.
      if (!this.stopped) this.warnFailure(`loading flag definitions failed (${describeFetchError(error)}); keeping the last definitions`);
    }
  }

  /** One load; `signal` carries the request timeout, which covers reading the body too. */
  private async fetchDefinitions(secretKey: SecretKey, signal: AbortSignal): Promise<void> {
    const { host, apiKey, logger, scheduler } = this.config;
    const headers: Record<string, string> = {
      Authorization: `Bearer ${secretKey.reveal()}`,
      'Content-Type': 'application/json',
      'User-Agent': `${LIB_NAME}/${LIB_VERSION}`,
    };
    if (this.etag !== undefined) headers['If-None-Match'] = this.etag;
    let answer: DefinitionsAnswer;
    try {
      const url = `${host}/flags/definitions?token=${encodeURIComponent(apiKey)}&send_cohorts`;
      answer = await requestDefinitions(this.config.fetch, url, { headers, signal }, this.config.maxBodyBytes, this.config.decodeUtf8);
    } catch (error) {
      if (!this.stopped) this.warnFailure(`loading flag definitions failed (${describeFetchError(error)}); keeping the last definitions`);
      return;
    }
    if (answer.problem !== undefined) {
      this.warnFailure(`${answer.problem}; keeping the last definitions`);
      return;
    }
    const status = answer.status;
    switch (status) {
      case 200: {
        const text = answer.text ?? '';
        if (!this.installJson(text, scheduler.now())) return;
        this.etag = answer.etag;
        this.recovered();
        await this.shared?.write(text, this.etag);
        return;
      }
      case 304:
        this.etag = answer.etag ?? this.etag;
        this.recovered();
        return;
      case 401:
      case 403:
        this.halted = true;
        this.refused = true;
        this.backoff++;
        for (const wake of [...this.waiters]) wake();
        this.watchers.emit('halted');
        logger.error(
          status === 401
            ? 'flag definitions: the personal API key or project secret key was refused (401). Local evaluation stops until reloadFeatureFlags(); flags fall back to the /flags API.'
            : 'flag definitions: the key has no permission for this project (403). Local evaluation stops until reloadFeatureFlags(); flags fall back to the /flags API.',
        );
        this.reportError(`flag definitions: refused with ${status}`);
        return;
      case 402: {
        const cleared = this.current !== undefined;
        this.current = undefined;
        this.etag = undefined;
        logger.warn('flag definitions: feature flag quota exceeded (402); local definitions cleared');
        if (cleared) this.watchers.emit('changed');
        return;
      }
      case 429:
        this.backoff++;
        this.warnFailure('flag definitions: rate limited (429); polling less often and keeping the last definitions');
        return;
      default:
        this.warnFailure(`flag definitions: server answered ${status}; keeping the last definitions`);
    }
  }

  private recovered(): void {
    this.backoff = 0;
    this.failing = false;
    if (!this.refused) return;
    this.refused = false;
    if (this.current !== undefined) this.watchers.emit('ready');
  }

  /** One warning per run of failures; debug lines after that. Every failure reaches `onError`. */
  private warnFailure(message: string): void {
    if (this.failing) this.config.logger.debug(message);
    else this.config.logger.warn(message);
    this.failing = true;
    this.reportError(message);
  }

  private reportError(message: string): void {
    try {
      this.config.onError?.(new Error(message));
    } catch (error) {
      this.config.logger.warn(`a definitions error listener threw: ${String(error)}`);
    }
  }
}
