import { type BuiltEvent, type EventDefaults, type EventInput, buildEvent, buildWrittenEvent } from '../messages/build-event.js';
import type { EventSink } from '../delivery/routed-sink.js';
import type { Outcomes } from '../delivery/outcomes.js';
import type { Spool } from '../delivery/spool/spool.js';
import type { Scheduler } from '../platform/platform.js';
import { PostHogValidationError, isPostHogValidationError } from '../base/errors.js';
import type { Logger } from '../base/logger.js';
import { excerpt } from '../base/excerpt.js';

/** What the pipeline reports a rejected call to. @internal */
export interface PipelineHooks {
  strict: boolean;
  onError: ((error: PostHogValidationError | Error) => void) | undefined;
  /** Told of each event accepted into the queue (for `on('capture')` listeners). */
  onQueued?: (json: string) => void;
}

/**
 * capture → validate → build (snapshot) → queue. Bad input stops here with an error naming the field
 * (logged, passed to `onError`, thrown only in strict mode); nothing else is touched.
 * @internal
 */
export class EventPipeline {
  private closed = false;
  private warnedClosed = false;
  private readonly pending = new Set<Promise<void>>();
  /** Errors already reported and thrown to the caller (strict mode), so a last-resort catch does not report them twice. */
  private readonly thrown = new WeakSet<object>();

  constructor(
    private readonly batcher: EventSink,
    private readonly defaults: EventDefaults,
    private readonly scheduler: Scheduler,
    private readonly logger: Logger,
    private readonly outcomes: Outcomes,
    private readonly hooks: PipelineHooks,
    private readonly spool?: Spool,
  ) {}

  /** Validates and enqueues one event; returns its uuid, or undefined when it was not accepted. */
  submit(makeInput: () => EventInput): string | undefined {
    let built: ReturnType<typeof buildEvent>;
    try {
      built = buildEvent(makeInput(), this.defaults, this.scheduler.now());
    } catch (error) {
      this.reject(error);
      return undefined;
    }
    if (built === null) return undefined;
    return this.enqueueJson(built.json, false, built.held) ? built.uuid : undefined;
  }

  /** Validates and serialises an event without enqueueing it; undefined (reported) when invalid. */
  build(input: EventInput): BuiltEvent | undefined {
    try {
      return buildEvent(input, this.defaults, this.scheduler.now()) ?? undefined;
    } catch (error) {
      this.reject(error);
      return undefined;
    }
  }

  /**
   * Builds an event from properties the SDK wrote as JSON text (see `buildWrittenEvent`), timed now;
   * undefined when this lane must build it from a message instead. Never throws.
   */
  buildWritten(event: string, distinctId: string, openPropertiesJson: string, groups: Record<string, string> | undefined, disableGeoip: boolean | undefined): BuiltEvent | undefined {
    return buildWrittenEvent(event, distinctId, openPropertiesJson, groups, disableGeoip, this.defaults, this.scheduler.now());
  }

  /**
   * Enqueues an already-built event (`held`: its held form, when the build made it). Work tracked
   * before shutdown (flag enrichment) may still land during the drain; new calls after shutdown may not.
   */
  enqueueJson(json: string, trackedBeforeClose = false, held?: string): boolean {
    if (this.closed && !trackedBeforeClose) {
      if (!this.warnedClosed) {
        this.warnedClosed = true;
        this.logger.warn('capture after shutdown(): the event was not enqueued (further ones are dropped silently)');
      }
      this.outcomes.failed([json], 'after_shutdown', 'captured after shutdown()');
      return false;
    }
    if (!this.batcher.enqueue(json, held)) return false;
    this.hooks.onQueued?.(json);
    return true;
  }

  /**
   * Sends a built event at once (the `*Immediate` methods). Resolves when PostHog has answered or
   * the lane's deadline has passed, never rejects; an event still unsent then joins the queue and is
   * retried like any other. Flushes and shutdown wait for it.
   */
  sendNow(json: string): Promise<void> {
    if (this.closed) {
      this.enqueueJson(json);
      return Promise.resolve();
    }
    const work = this.batcher.sendNow(json).then((result) => {
      if (result !== 'unsent') return;
      this.logger.warn('an event sent at once was not delivered in time; it was queued for the next attempts');
      this.enqueueJson(json, true);
    });
    this.track(work);
    return work;
  }

  /** Tracks work that must finish before a flush counts (e.g. flag enrichment). */
  track(work: Promise<void>): void {
    this.pending.add(work);
    work.finally(() => this.pending.delete(work)).catch(() => {});
  }

  /** Waits for tracked work, then drains the queue, and the spool's recovered events too. Never rejects. */
  async flush(): Promise<void> {
    if (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    const { spool } = this;
    let covered = spool?.fedCount ?? 0;
    await this.batcher.flush();
    // Recovered events enter as room frees up (also between these rounds): flush until none came in.
    while (spool !== undefined) {
      spool.feed();
      if (spool.fedCount === covered) break;
      covered = spool.fedCount;
      await this.batcher.flush();
    }
  }

  /** Stops accepting events, then drains until `deadlineMs`. Never rejects. */
  async close(deadlineMs: number): Promise<void> {
    this.closed = true;
    if (this.pending.size > 0) {
      const wait = new AbortController();
      await Promise.race([Promise.allSettled([...this.pending]), this.scheduler.sleep(deadlineMs - this.scheduler.now(), wait.signal)]);
      wait.abort();
    }
    this.spool?.pauseFeeding();
    await this.batcher.drain(deadlineMs);
    this.spool?.close();
  }

  /** Reports a rejected call. Rethrows only in strict mode. */
  reject(error: unknown): void {
    const reported = isPostHogValidationError(error) || error instanceof Error ? error : new PostHogValidationError('message', excerpt(error));
    // A validation message quotes at most 200 characters of any value; other errors may say anything.
    this.logger.warn(`event not sent: ${excerpt(reported.message, 500)}`);
    try {
      this.hooks.onError?.(reported);
    } catch (hookError) {
      this.logger.warn(`onError threw: ${excerpt(hookError)}`);
    }
    if (this.hooks.strict) {
      this.thrown.add(reported);
      throw reported;
    }
  }

  /**
   * The facade's last-resort catch: reports what nobody has reported yet (a getter of the caller's
   * message that threw, say), and rethrows an error already reported and thrown in strict mode.
   */
  rejectThrown(error: unknown): void {
    if (error !== null && typeof error === 'object' && this.thrown.has(error)) throw error;
    this.reject(error);
  }
}
