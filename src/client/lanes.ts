import { Batcher } from '../delivery/batcher.js';
import { createBatchTransport } from '../delivery/batch-transport.js';
import { createV1Transport } from '../delivery/v1-transport.js';
import { toV1Event } from '../messages/v1-event.js';
import { createOutcomes } from '../delivery/outcomes.js';
import { createRetryingSender } from '../delivery/retrying-transport.js';
import { openLaneSpool } from './lane-spool.js';
import type { BeforeSendFn } from '../messages/before-send.js';
import { type BodyEncoding, type Platform, encoderFor } from '../platform/platform.js';
import { EventPipeline, type PipelineHooks } from './event-pipeline.js';
import type { Logger } from '../base/logger.js';
import { MAX_AI_BATCH_BYTES, MAX_AI_EVENT_BYTES, MAX_EVENT_BYTES, type PostHogOptions, type ResolvedOptions } from './options.js';

/** How long events whose retries ran out wait before trying again on their own. */
const PARK_COOLDOWN_MS = 60_000;

/** Everything a lane is built from. @internal */
export interface LaneContext {
  options: ResolvedOptions;
  callbacks: Pick<PostHogOptions, 'onSuccess' | 'onFailure'>;
  hooks: PipelineHooks;
  platform: Platform;
  logger: Logger;
  baseProperties: () => Readonly<Record<string, unknown>> | undefined;
  beforeSend: BeforeSendFn | undefined;
}

const V1_PATH = '/i/v1/analytics/events';

const LANES = {
  /** Analytics events: `POST /batch/`. */
  capture: { path: '/batch/', maxEventBytes: MAX_EVENT_BYTES, maxBatchBytes: undefined },
  /** AI events: `POST /i/v0/ai/batch/`, own queue and flush cycle, larger events (spec capture-ai). */
  ai: { path: '/i/v0/ai/batch/', maxEventBytes: MAX_AI_EVENT_BYTES, maxBatchBytes: MAX_AI_BATCH_BYTES },
} as const;

/**
 * Wires one delivery lane: v0 envelope transport → retrying sender → batcher → event pipeline.
 * Lanes share nothing but options, so a failure on one never resends or stalls the other.
 * @internal
 */
/** The v1 body encoding to use: the configured one when this runtime has it, else gzip. */
function v1Encoding(wanted: BodyEncoding, platform: Platform, logger: Logger): BodyEncoding {
  if (wanted === 'gzip' || encoderFor(platform, wanted) !== undefined) return wanted;
  logger.warn(`compression '${wanted}' is not available on this runtime; using gzip`);
  return 'gzip';
}

export function createLane(kind: keyof typeof LANES, ctx: LaneContext): EventPipeline {
  const { options: o, platform, logger } = ctx;
  const spec = LANES[kind];
  const outcomes = createOutcomes(ctx.callbacks, logger, kind);
  const v1 = kind === 'capture' && o.captureMode === 'v1';
  const transportConfig = {
    url: `${o.host}${v1 ? V1_PATH : spec.path}`,
    apiKey: o.apiKey,
    platform,
    compress: !o.disableCompression,
    timeoutMs: o.requestTimeout,
    historicalMigration: o.historicalMigration,
    logger,
  };
  const transport = v1 ? createV1Transport({ ...transportConfig, encoding: v1Encoding(o.compression, platform, logger) }) : createBatchTransport(transportConfig);
  const spool = openLaneSpool(v1 ? 'capture-v1' : kind, o, platform, logger, outcomes);
  const batcher = new Batcher({
    lane: kind,
    flushAt: o.flushAt,
    flushIntervalMs: o.flushInterval,
    maxBatchSize: o.maxBatchSize,
    maxBatchBytes: spec.maxBatchBytes ?? o.maxBatchBytes,
    maxQueueSize: o.maxQueueSize,
    maxConcurrentRequests: o.maxConcurrentRequests,
    parkCooldownMs: PARK_COOLDOWN_MS,
    scheduler: platform.scheduler,
    logger,
    outcomes,
    send: createRetryingSender(transport, { maxRetries: o.maxRetries, baseDelayMs: o.retryDelay }, platform.scheduler),
    journal: spool,
  });
  // Events left by ended processes fill at most half the queue, so new captures always have room.
  spool?.attach({ enqueue: (json) => batcher.enqueue(json), room: () => Math.floor(o.maxQueueSize / 2) - batcher.size });
  return new EventPipeline(
    batcher,
    {
      isServer: o.isServer,
      disableGeoip: o.disableGeoip,
      maxEventBytes: spec.maxEventBytes,
      baseProperties: ctx.baseProperties,
      beforeSend: ctx.beforeSend,
      encode: v1 ? toV1Event : undefined,
    },
    platform.scheduler,
    logger,
    outcomes,
    ctx.hooks,
    spool,
  );
}
