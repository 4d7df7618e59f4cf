import { Batcher } from '../delivery/batcher.js';
import { createBatchTransport } from '../delivery/batch-transport.js';
import { createV1Transport } from '../delivery/v1-transport.js';
import { toV1Event } from '../messages/v1-event.js';
import { sdkPropertiesText } from '../messages/build-event.js';
import { createOutcomes } from '../delivery/outcomes.js';
import { createRetryingSender } from '../delivery/retrying-transport.js';
import { openLaneSpool } from './lane-spool.js';
import type { Spool } from '../delivery/spool/spool.js';
import type { BeforeSendChain } from '../messages/before-send.js';
import { type BodyEncoding, type Platform, encoderFor } from '../platform/platform.js';
import { EventPipeline, type PipelineHooks } from './event-pipeline.js';
import type { Logger } from '../base/logger.js';
import type { WireEvent } from '../messages/message.js';
import { uuidv7 } from '../messages/uuid.js';
import { createImmediateSender } from '../delivery/immediate-sender.js';
import { type EventSink, createRoutedSink } from '../delivery/routed-sink.js';
import { type ClientEvents, observeOutcomes } from './client-events.js';
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
  beforeSend: BeforeSendChain | undefined;
  /** `on()` listeners: told of deliveries (`flush`) and losses (`error`). */
  events: ClientEvents;
}

const V1_PATH = '/i/v1/analytics/events';

const LANES = {
  /** Analytics events: `POST /batch/`. */
  capture: { path: '/batch/', maxEventBytes: MAX_EVENT_BYTES, maxBatchBytes: undefined },
  /** AI events: `POST /i/v0/ai/batch/`, own queue and flush cycle, larger events (spec capture-ai). */
  ai: { path: '/i/v0/ai/batch/', maxEventBytes: MAX_AI_EVENT_BYTES, maxBatchBytes: MAX_AI_BATCH_BYTES },
} as const;

/** The v1 body encoding to use: the configured one when this runtime has it, else gzip. */
function v1Encoding(wanted: BodyEncoding, platform: Platform, logger: Logger): BodyEncoding {
  if (wanted === 'gzip' || encoderFor(platform, wanted) !== undefined) return wanted;
  logger.warn(`compression '${wanted}' is not available on this runtime; using gzip`);
  return 'gzip';
}

/** `$ai_*` events have no capture-v1 form: in v1 mode `capture()` keeps them on `/batch/` (posthog-node's routing). */
const isAiEvent = (event: WireEvent) => typeof event.event === 'string' && event.event.startsWith('$ai_');
/** A v1-encoded event always starts with its uuid (`toV1Event`); anything else is a v0 event. */
const V1_JSON_PREFIX = '{"uuid":';

/**
 * Wires one delivery lane: transport → retrying sender → batcher (plus an immediate sender for the
 * `*Immediate` methods) → event pipeline. Lanes share nothing but options, so a failure on one never
 * resends or stalls the other. In capture v1 mode the capture lane has two routes: v1 for analytics
 * events, v0 `/batch/` for `$ai_*` events.
 * @internal
 */
export function createLane(kind: keyof typeof LANES, ctx: LaneContext): EventPipeline {
  const { options: o, platform, logger } = ctx;
  const spec = LANES[kind];
  const v1 = kind === 'capture' && o.captureMode === 'v1';
  // The spool of the lane's main route is fed by flush(); in v1 mode the `$ai_*` fallback route
  // (`/batch/`) journals to the capture lane's own spool and recovers it in the background.
  const primary = createRoute(kind, ctx, v1);
  const sink = v1 ? createRoutedSink((json) => (json.startsWith(V1_JSON_PREFIX) ? 0 : 1), [primary.sink, createRoute(kind, ctx, false).sink]) : primary.sink;
  return new EventPipeline(
    sink,
    {
      isServer: o.isServer,
      disableGeoip: o.disableGeoip,
      maxEventBytes: spec.maxEventBytes,
      // The same text the lane's v0 queue keeps once (see createRoute), so builds can hand it the held form.
      sharedText: v1 ? undefined : sdkPropertiesText(o.isServer, o.disableGeoip),
      baseProperties: ctx.baseProperties,
      beforeSend: ctx.beforeSend,
      encode: v1 ? (event) => (isAiEvent(event) ? event : toV1Event(event)) : undefined,
      botPageviews: o.captureBotPageviews ? { extra: o.blockedUserAgents } : undefined,
      onCircular: (event, path) => logger.warn(`event "${event}": ${path} refers back to itself; sent with "[Circular]" in its place`),
    },
    platform.scheduler,
    logger,
    observeOutcomes(createOutcomes(ctx.callbacks, logger, kind), ctx.events, false),
    ctx.hooks,
    primary.spool,
  );
}

/** One transport with its batcher, spool and immediate sender: v1 (`/i/v1/analytics/events`) or the lane's v0 path. */
function createRoute(kind: keyof typeof LANES, ctx: LaneContext, v1: boolean): { sink: EventSink; spool: Spool | undefined } {
  const { options: o, platform, logger } = ctx;
  const spec = LANES[kind];
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
  const send = createRetryingSender(transport, { maxRetries: o.maxRetries, baseDelayMs: o.retryDelay }, platform.scheduler);
  const outcomes = createOutcomes(ctx.callbacks, logger, kind);
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
    outcomes: observeOutcomes(outcomes, ctx.events, true),
    send,
    journal: spool,
    // v1 moves the SDK's properties elsewhere in the event; v0 events end their properties with them.
    sharedText: v1 ? undefined : sdkPropertiesText(o.isServer, o.disableGeoip),
  });
  // Events left by ended processes fill at most half the queue, so new captures always have room.
  spool?.attach({ enqueue: (json) => batcher.enqueue(json), room: () => Math.floor(o.maxQueueSize / 2) - batcher.size });
  // Each attempt gets the request timeout; the whole send at most one per attempt.
  const budgetMs = o.requestTimeout * (o.maxRetries + 1);
  const sendNow = createImmediateSender(send, observeOutcomes(outcomes, ctx.events, false), budgetMs, () => uuidv7(platform.scheduler.now()));
  const sink: EventSink = {
    enqueue: (json, held) => batcher.enqueue(json, held),
    flush: () => batcher.flush(),
    drain: (deadlineMs) => batcher.drain(deadlineMs),
    sendNow,
  };
  return { sink, spool };
}
