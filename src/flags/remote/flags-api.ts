import { LIB_NAME, LIB_VERSION } from '../../base/version.js';
import type { Logger } from '../../base/logger.js';
import { FLAGS_RESPONSE_MAX_BYTES, readCappedText } from '../../delivery/read-capped-body.js';
import { describeFetchError, withDeadline } from '../../delivery/transport.js';
import type { Scheduler } from '../../platform/platform.js';
import type { FlagReason, FlagSubject, FlagValue } from '../flag-source.js';
import { deviceIdOf } from '../local/bucketing.js';
import { parsePayload } from '../payloads.js';

/** One flag in a `/flags` answer. `value` is `undefined` when the server failed to compute it. @internal */
export interface RemoteFlag {
  key: string;
  value: FlagValue | undefined;
  payload: unknown;
  reason: FlagReason | undefined;
  id: number | undefined;
  version: number | undefined;
  hasExperiment: boolean | undefined;
}

/** A parsed `/flags` answer. @internal */
export interface RemoteFlags {
  ok: true;
  flags: Map<string, RemoteFlag>;
  requestId: string | undefined;
  evaluatedAt: number | undefined;
  /** `quotaLimited` contained `feature_flags`: no flag has a value. */
  quotaLimited: boolean;
  errorsWhileComputingFlags: boolean;
  minimalFlagCalledEvents: boolean;
}

/**
 * Why a `/flags` request produced nothing: `timeout`, `connection_error`, `api_error_<status>`,
 * `response_too_large` (body over {@link FLAGS_RESPONSE_MAX_BYTES}, abandoned), `unknown_error`.
 * @internal
 */
export interface RemoteFlagsFailure {
  ok: false;
  error: string;
}

/** Settings of the `/flags` client. @internal */
export interface FlagsApiConfig {
  host: string;
  apiKey: string;
  fetch: typeof fetch;
  scheduler: Scheduler;
  timeoutMs: number;
  /** Extra attempts after a network error, timeout, 502 or 504. */
  retries: number;
  /** Aborts requests in flight (shutdown). */
  signal: AbortSignal;
  /** Where an abandoned response body is reported. */
  logger?: Logger;
  /** Sent as `evaluation_contexts`: the server evaluates only flags tagged for one of them (or untagged). */
  evaluationContexts?: readonly string[];
}

/** A `/flags` request for one subject. @internal */
export interface RemoteFlagsRequest {
  subject: FlagSubject;
  /** Only these flags (a single-flag call sends exactly its key); all flags when absent. */
  flagKeys?: readonly string[];
  disableGeoip: boolean;
}

const FIRST_RETRY_DELAY_MS = 300;

/** Builds the JSON body of `POST /flags/?v=2` (reference: wire-protocol.md §4). @internal */
export function flagsRequestBody(apiKey: string, request: RemoteFlagsRequest, evaluationContexts?: readonly string[]): Record<string, unknown> {
  const { subject } = request;
  const groupProperties: Record<string, Record<string, unknown>> = {};
  for (const [type, props] of Object.entries(subject.groupProperties)) groupProperties[type] = { ...props };
  for (const [type, key] of Object.entries(subject.groups)) groupProperties[type] = { $group_key: key, ...groupProperties[type] };
  const body: Record<string, unknown> = {
    token: apiKey,
    distinct_id: subject.distinctId,
    groups: { ...subject.groups },
    person_properties: { ...subject.personProperties },
    group_properties: groupProperties,
    geoip_disable: request.disableGeoip,
  };
  const device = deviceIdOf(subject);
  if (device !== undefined) body.$device_id = device;
  if (request.flagKeys !== undefined) body.flag_keys_to_evaluate = [...request.flagKeys];
  if (evaluationContexts !== undefined && evaluationContexts.length > 0) body.evaluation_contexts = [...evaluationContexts];
  // Say so rather than let the server infer the runtime from headers: `server` and `all` flags come back.
  body.evaluation_runtime = 'server';
  return body;
}

function readReason(raw: unknown): FlagReason | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const r = raw as { code?: unknown; description?: unknown; condition_index?: unknown };
  const code = typeof r.code === 'string' ? r.code : 'remote';
  const reason: FlagReason = { code, description: typeof r.description === 'string' ? r.description : code };
  if (typeof r.condition_index === 'number') reason.conditionIndex = r.condition_index;
  return reason;
}

function readV2(flags: Record<string, unknown>): Map<string, RemoteFlag> {
  const out = new Map<string, RemoteFlag>();
  for (const [key, raw] of Object.entries(flags)) {
    if (raw === null || typeof raw !== 'object') continue;
    const d = raw as { enabled?: unknown; variant?: unknown; failed?: unknown; reason?: unknown; metadata?: Record<string, unknown> };
    const meta = d.metadata ?? {};
    const value: FlagValue | undefined =
      d.failed === true ? undefined : typeof d.variant === 'string' ? d.variant : d.enabled === true;
    out.set(key, {
      key,
      value,
      payload: value === undefined || value === false || meta.payload === undefined || meta.payload === null ? null : parsePayload(meta.payload),
      reason: readReason(d.reason),
      id: typeof meta.id === 'number' ? meta.id : undefined,
      version: typeof meta.version === 'number' ? meta.version : undefined,
      hasExperiment: typeof meta.has_experiment === 'boolean' ? meta.has_experiment : undefined,
    });
  }
  return out;
}

function readLegacy(values: Record<string, unknown>, payloads: Record<string, unknown>): Map<string, RemoteFlag> {
  const out = new Map<string, RemoteFlag>();
  for (const [key, raw] of Object.entries(values)) {
    const value: FlagValue = typeof raw === 'string' ? raw : raw === true;
    const payload = payloads[key];
    out.set(key, {
      key,
      value,
      payload: value === false || payload === undefined || payload === null ? null : parsePayload(payload),
      reason: undefined,
      id: undefined,
      version: undefined,
      hasExperiment: undefined,
    });
  }
  return out;
}

/** Parses a `/flags` body, v2 (`flags`) or legacy (`featureFlags`). @internal */
export function parseFlagsResponse(body: unknown): RemoteFlags | RemoteFlagsFailure {
  if (body === null || typeof body !== 'object') return { ok: false, error: 'unknown_error' };
  const b = body as Record<string, unknown>;
  const quota = b.quotaLimited ?? b.quota_limited;
  const quotaLimited = Array.isArray(quota) && quota.includes('feature_flags');
  const flags =
    b.flags !== null && typeof b.flags === 'object'
      ? readV2(b.flags as Record<string, unknown>)
      : b.featureFlags !== null && typeof b.featureFlags === 'object'
        ? readLegacy(b.featureFlags as Record<string, unknown>, (b.featureFlagPayloads as Record<string, unknown>) ?? {})
        : new Map<string, RemoteFlag>();
  return {
    ok: true,
    flags: quotaLimited ? new Map() : flags,
    requestId: typeof b.requestId === 'string' ? b.requestId : undefined,
    evaluatedAt: typeof b.evaluatedAt === 'number' ? b.evaluatedAt : undefined,
    quotaLimited,
    errorsWhileComputingFlags: b.errorsWhileComputingFlags === true,
    minimalFlagCalledEvents: b.minimalFlagCalledEvents === true,
  };
}

/**
 * Asks `POST /flags/?v=2` for a subject's flags. Retries only what the spec allows (network errors,
 * timeouts, 502, 504; 300 ms then 600 ms …). Never throws.
 * @internal
 */
export async function requestFlags(config: FlagsApiConfig, request: RemoteFlagsRequest): Promise<RemoteFlags | RemoteFlagsFailure> {
  const url = `${config.host}/flags/?v=2`;
  const body = JSON.stringify(flagsRequestBody(config.apiKey, request, config.evaluationContexts));
  let failure: RemoteFlagsFailure = { ok: false, error: 'unknown_error' };
  for (let attempt = 0; attempt <= config.retries; attempt++) {
    if (attempt > 0) await config.scheduler.sleep(FIRST_RETRY_DELAY_MS * 2 ** (attempt - 1), config.signal);
    if (config.signal.aborted) return { ok: false, error: 'connection_error' };
    const outcome = await withDeadline(config.signal, config.timeoutMs, (signal) => attemptFlags(config, url, body, signal)).catch(
      (reason: unknown) => ({ final: false, answer: fetchFailure(reason) }) as const,
    );
    if (outcome.final) return outcome.answer;
    failure = outcome.answer;
  }
  return failure;
}

/** One `/flags` request: a final answer, or a failure worth one more try. */
async function attemptFlags(
  config: FlagsApiConfig,
  url: string,
  body: string,
  signal: AbortSignal,
): Promise<{ final: true; answer: RemoteFlags | RemoteFlagsFailure } | { final: false; answer: RemoteFlagsFailure }> {
  let response: Response;
  try {
    response = await config.fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': `${LIB_NAME}/${LIB_VERSION}` },
      body,
      signal,
    });
  } catch (error) {
    return { final: false, answer: fetchFailure(error) };
  }
  if (response.status === 502 || response.status === 504) {
    await response.body?.cancel().catch(() => {});
    return { final: false, answer: { ok: false, error: `api_error_${response.status}` } };
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => {});
    return { final: true, answer: { ok: false, error: `api_error_${response.status}` } };
  }
  try {
    const read = await readCappedText(response, FLAGS_RESPONSE_MAX_BYTES, `POST ${url}`);
    if (!read.ok) {
      config.logger?.warn(`${read.error.name}: ${read.error.message}`);
      return { final: true, answer: { ok: false, error: 'response_too_large' } };
    }
    return { final: true, answer: parseFlagsResponse(JSON.parse(read.text)) };
  } catch (error) {
    // A body that is not JSON will not get better by asking again.
    if (error instanceof SyntaxError) return { final: true, answer: { ok: false, error: 'unknown_error' } };
    return { final: false, answer: fetchFailure(error) };
  }
}

/** A request that got no answer: timed out, or could not connect. */
function fetchFailure(error: unknown): RemoteFlagsFailure {
  return { ok: false, error: describeFetchError(error) === 'timeout' ? 'timeout' : 'connection_error' };
}
