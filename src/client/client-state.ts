import { FeatureFlagsClient } from '../flags/feature-flags-client.js';
import type { CaptureMessage } from '../messages/message.js';
import { composeBeforeSend } from '../messages/before-send.js';
import type { Platform } from '../platform/platform.js';
import { type ClientCore, createCore } from './core.js';
import type { EventPipeline } from './event-pipeline.js';
import { type LaneContext, createLane } from './lanes.js';
import type { PostHogOptions } from './options.js';
import { WaitUntilFlusher } from './wait-until.js';
import { type Telemetry, createTelemetry } from './telemetry.js';

/**
 * Everything the public client is made of, built once by the constructor and shared by each part of
 * the facade (flags, events, exceptions, lifecycle). The mutable fields are the client's only state.
 * @internal
 */
export interface ClientState {
  readonly core: ClientCore;
  readonly flags: FeatureFlagsClient;
  /** Analytics events (`/batch/` or capture v1). */
  readonly pipeline: EventPipeline;
  /** AI events (`/i/v0/ai/batch/`). */
  readonly aiPipeline: EventPipeline;
  /** Logs (`/i/v1/logs`) and traces (`/i/v1/traces`), each lane built on first use. */
  readonly telemetry: Telemetry;
  readonly waitUntil: WaitUntilFlusher | undefined;
  /** Properties `register()` added, merged under each capture's own. */
  superProperties: Readonly<Record<string, unknown>> | undefined;
  /** `disable()` / opt-out: calls are accepted and nothing is sent. */
  optedOut: boolean;
}

/**
 * Wires the client: options and platform, the two lanes, the flags client and the serverless
 * flusher. `emitFlagCalled` is how the flags client sends `$feature_flag_called` through the capture
 * pipeline; it is bound after the facade exists. @internal
 */
export function createClientState(
  apiKey: string,
  options: PostHogOptions,
  createPlatform: (overrides: Partial<Platform>) => Platform,
  emitFlagCalled: (message: CaptureMessage, minimal: boolean) => void,
): ClientState {
  const core = createCore(apiKey, options, createPlatform);
  const o = core.options;
  let state: ClientState | undefined;
  const lane: LaneContext = {
    options: o,
    callbacks: options,
    hooks: { strict: o.strict, onError: options.onError },
    platform: core.platform,
    logger: core.logger,
    baseProperties: () => state?.superProperties,
    beforeSend: composeBeforeSend(options.beforeSend, core.logger),
  };
  const pipeline = createLane('capture', lane);
  const aiPipeline = createLane('ai', lane);
  const telemetry = createTelemetry(core, options, { optedOut: () => state?.optedOut ?? false, onQueued: () => state?.waitUntil?.notify() });
  const lanes = { pipeline, aiPipeline, telemetry };
  state = {
    core,
    flags: new FeatureFlagsClient({
      options: o,
      platform: core.platform,
      logger: core.logger,
      emit: emitFlagCalled,
      flagDefinitions: options.flagDefinitions,
      cache: options.flagDefinitionsCache,
      secretKey: core.secretKey,
    }),
    pipeline,
    aiPipeline,
    telemetry,
    waitUntil: options.waitUntil
      ? new WaitUntilFlusher(options.waitUntil, () => flushLanes(lanes), core.platform.scheduler, core.platform.keepAlive)
      : undefined,
    superProperties: Object.keys(o.defaultEventProperties).length > 0 ? o.defaultEventProperties : undefined,
    optedOut: o.disabled,
  };
  return state;
}

/** Drains every lane (events, AI events, logs, traces); never rejects. @internal */
export function flushLanes(state: Pick<ClientState, 'pipeline' | 'aiPipeline' | 'telemetry'>): Promise<void> {
  return Promise.all([state.pipeline.flush(), state.aiPipeline.flush(), state.telemetry.flush()]).then(
    () => {},
    () => {},
  );
}
