import type { DropReason } from '../base/errors.js';
import type { Logger } from '../base/logger.js';
import { utf8Length } from '../messages/validate.js';
import type { Platform } from '../platform/platform.js';
import { type OtlpEnvelope, otlpEnvelope } from '../otlp/resource.js';
import { Batcher } from './batcher.js';
import { createOtlpTransport } from './otlp-transport.js';
import type { Outcomes } from './outcomes.js';
import { createRetryingSender } from './retrying-transport.js';

/**
 * The ingestion service refuses request bodies over 2 MB, raw or decompressed (spec logs and traces,
 * server-side contract). Batches are cut by bytes below it, so the 413 path is the exception.
 */
export const OTLP_MAX_BODY_BYTES = 2_000_000;

/** Settings of one OTLP lane. @internal */
export interface OtlpLaneConfig {
  signal: 'logs' | 'traces';
  host: string;
  apiKey: string;
  platform: Platform;
  /** Where the batcher's own warnings go (queue full). */
  logger: Logger;
  compress: boolean;
  timeoutMs: number;
  maxRetries: number;
  retryDelayMs: number;
  /** Queue depth that sends a batch at once. */
  flushAt: number;
  flushIntervalMs: number;
  /** Most records in one request. */
  maxBatchSize: number;
  maxQueueSize: number;
  /** Logs drop the oldest record when full; traces drop the incoming span. */
  overflow: 'drop-oldest' | 'drop-newest';
  /** Resource attributes of every batch. */
  resource: Record<string, unknown>;
  /** Told about every record lost for good, with why. */
  onDropped: (count: number, reason: DropReason, detail: string) => void;
}

/** What a lane reports when records are lost; nothing is said for records sent. */
function reportDrops(onDropped: OtlpLaneConfig['onDropped']): Outcomes {
  return {
    sent() {},
    failed(records, reason, detail, status) {
      onDropped(records.length, reason, status === undefined ? detail : `${detail} (HTTP ${status})`);
    },
  };
}

/**
 * One OTLP signal on the capture lanes' machinery: its own bounded queue and flush timer, one batch
 * in flight at a time (a flush joins it instead of sending the head twice), bodies cut below the 2 MB
 * cap, a 413 halving the batch (a lone record that is still too large is dropped), retryable failures
 * retried with backoff and `Retry-After` up to `maxRetries` and then dropped, so one bad batch never
 * wedges the queue (spec logs and traces, error handling and retries).
 * @internal
 */
export class OtlpLane {
  private readonly batcher: Batcher;
  private readonly maxRecordBytes: number;
  private closed = false;

  constructor(private readonly config: OtlpLaneConfig) {
    const { platform } = config;
    const envelope: OtlpEnvelope = otlpEnvelope(config.signal, config.resource);
    const envelopeBytes = utf8Length(envelope.head) + utf8Length(envelope.tail);
    // The batcher budgets 256 bytes of envelope itself; ours is counted here instead.
    this.maxRecordBytes = OTLP_MAX_BODY_BYTES - envelopeBytes;
    const transport = createOtlpTransport({
      host: config.host,
      path: `/i/v1/${config.signal}`,
      apiKey: config.apiKey,
      auth: config.signal === 'logs' ? 'query' : 'bearer',
      platform,
      compress: config.compress,
      timeoutMs: config.timeoutMs,
      ...envelope,
    });
    this.batcher = new Batcher({
      lane: config.signal,
      flushAt: config.flushAt,
      flushIntervalMs: config.flushIntervalMs,
      maxBatchSize: config.maxBatchSize,
      maxBatchBytes: this.maxRecordBytes + 256,
      maxQueueSize: config.maxQueueSize,
      maxConcurrentRequests: 1,
      maxBatchesInFlight: 1,
      overflow: config.overflow,
      onExhausted: 'drop',
      parkCooldownMs: 0,
      scheduler: platform.scheduler,
      logger: config.logger,
      outcomes: reportDrops(config.onDropped),
      send: createRetryingSender(transport, { maxRetries: config.maxRetries, baseDelayMs: config.retryDelayMs }, platform.scheduler),
    });
  }

  /** Records waiting or being delivered. */
  get size(): number {
    return this.batcher.size;
  }

  /** Queues one serialised record; false when it was dropped (too large, queue full, after shutdown). */
  enqueue(json: string): boolean {
    if (this.closed) {
      this.config.onDropped(1, 'after_shutdown', 'recorded after shutdown()');
      return false;
    }
    const bytes = utf8Length(json);
    if (bytes > this.maxRecordBytes) {
      this.config.onDropped(1, 'too_large', `one record of ${bytes} bytes is larger than the ${OTLP_MAX_BODY_BYTES}-byte request limit`);
      return false;
    }
    return this.batcher.enqueue(json);
  }

  /** Resolves when everything queued before the call is sent or dropped. Never rejects. */
  flush(): Promise<void> {
    return this.batcher.flush();
  }

  /** Refuses new records, then sends what is queued until `deadlineMs`. Never rejects. */
  close(deadlineMs: number): Promise<void> {
    this.closed = true;
    return this.batcher.drain(deadlineMs);
  }
}
