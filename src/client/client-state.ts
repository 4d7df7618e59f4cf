import { FeatureFlagsClient } from '../flags/feature-flags-client.js';
import type { FlagCalledSink } from '../flags/flag-called-event.js';
import { composeBeforeSend } from '../messages/before-send.js';
import type { Platform } from '../platform/platform.js';
import { type ClientCore, createCore } from './core.js';
import type { EventPipeline } from './event-pipeline.js';
import { type LaneContext, createLane } from './lanes.js';
import type { PostHogOptions } from './options.js';
import { WaitUntilFlusher } from './wait-until.js';
import { createTelemetry } from './telemetry.js';
import { LaneSet, type Telemetry } from './lane-set.js';
import type { MetricsClient } from '../metrics/metrics-client.js';
import { ClientEvents, emitQueued } from './client-events.js';

/**
 * Everything the public client is made of, built once by the constructor and shared by each part of
 * the facade (flags, events, exceptions, lifecycle). The mutable fields are the client's only state.
 * @internal
 */
export interface ClientState {
  readonly core: ClientCore;
  /** `on()` listeners. */
  readonly events: ClientEvents;
  readonly flags: FeatureFlagsClient;
  /** Analytics events (`/batch/` or capture v1); built on first use (see {@link LaneSet}). */
  readonly pipeline: EventPipeline;
  /** AI events (`/i/v0/ai/batch/`); built on first use. */
  readonly aiPipeline: EventPipeline;
  /** Logs (`/i/v1/logs`) and traces (`/i/v1/traces`); built on first use, and each of their lanes too. */
  readonly telemetry: Telemetry;
  /** The lanes built so far, for flushing and closing without building the others. */
  readonly lanes: LaneSet;
  readonly waitUntil: WaitUntilFlusher | undefined;
  /** Properties `register()` added, merged under each capture's own. */
  superProperties: Readonly<Record<string, unknown>> | undefined;
  /** `optOut()` / `disable()` (or `defaultOptIn: false`): calls are accepted and nothing is sent until `optIn()`. */
  optedOut: boolean;
  /** `client.metrics`, made on first use. */
  metrics: MetricsClient | undefined;
}

/**
 * Wires the client: options and platform, the two lanes, the flags client and the serverless
 * flusher. `emitFlagCalled` is how the flags client sends `$feature_flag_called` through the capture
 * pipeline; it is bound after the facade exists. @internal
 */
export function createClientState(
  apiKey: string,
  given: PostHogOptions,
  createPlatform: (overrides: Partial<Platform>) => Platform,
  emitFlagCalled: FlagCalledSink,
): ClientState {
  const core = createCore(apiKey, given, createPlatform);
  const o = core.options;
  const options = core.input;
  const events = new ClientEvents(core.logger);
  let state: ClientState | undefined;
  const lane: LaneContext = {
    options: o,
    callbacks: options,
    hooks: { strict: o.strict, onError: options.onError, onQueued: (json) => emitQueued(events, json) },
    platform: core.platform,
    logger: core.logger,
    baseProperties: () => state?.superProperties,
    beforeSend: options.beforeSend === undefined ? undefined : composeBeforeSend(options.beforeSend, core.logger),
    events,
  };
  const lanes = new LaneSet(core.platform.scheduler, {
    capture: () => createLane('capture', lane),
    ai: () => createLane('ai', lane),
    // Logs and spans are muted like events: opted out, or a client created with `disabled: true`.
    telemetry: () => createTelemetry(core, options, { optedOut: () => (state?.optedOut ?? !o.defaultOptIn) || o.disabled, onQueued: () => state?.waitUntil?.notify() }),
  });
  // A spool recovers what ended processes left as soon as its lane opens; `logs` / `traces`
  // options are checked (and warned about) at construction. Those lanes open now.
  if (o.spool !== undefined) lanes.openAll();
  if (options.logs !== undefined || options.traces !== undefined) void lanes.telemetry;
  state = {
    core,
    events,
    flags: new FeatureFlagsClient({
      options: o,
      platform: core.platform,
      logger: core.logger,
      emit: emitFlagCalled,
      flagDefinitions: options.flagDefinitions,
      cache: options.flagDefinitionsCache,
      secretKey: core.secretKey,
      onDefinitionsLoaded: (count) => events.emit('localEvaluationFlagsLoaded', () => count),
      onError: (error) => events.emit('error', () => error),
    }),
    get pipeline() {
      return lanes.capture;
    },
    get aiPipeline() {
      return lanes.ai;
    },
    get telemetry() {
      return lanes.telemetry;
    },
    lanes,
    waitUntil: options.waitUntil
      ? new WaitUntilFlusher(options.waitUntil, () => lanes.flush(), core.platform.scheduler, core.platform.keepAlive, { debounceMs: o.waitUntilDebounceMs, maxWaitMs: o.waitUntilMaxWaitMs })
      : undefined,
    superProperties: Object.keys(o.defaultEventProperties).length > 0 ? o.defaultEventProperties : undefined,
    optedOut: !o.defaultOptIn,
    metrics: undefined,
  };
  return state;
}

/** Drains every lane built so far (events, AI events, logs, traces); never rejects. @internal */
export function flushLanes(state: Pick<ClientState, 'lanes'>): Promise<void> {
  return state.lanes.flush();
}
