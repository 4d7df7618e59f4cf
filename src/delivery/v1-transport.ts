import type { Logger } from '../base/logger.js';
import { LIB_NAME, LIB_VERSION } from '../base/version.js';
import { uuidOfV1Json } from '../messages/v1-event.js';
import { type BodyEncoding, type Platform, encoderFor } from '../platform/platform.js';
import { type CaptureAnswer, postCapture } from './capture-post.js';
import { CAPTURE_RESPONSE_MAX_BYTES } from './read-capped-body.js';
import { createRedirectRefusal } from './redirect-refusal.js';
import { parseRetryAfter } from './retry-after.js';
import { BatchBodyWriter } from './batch-body.js';
import { type Transport, type TransportResult, describeFetchError, withDeadline } from './transport.js';

/** Configuration of the capture-v1 transport. @internal */
export interface V1TransportConfig {
  /** Full URL: `https://us.i.posthog.com/i/v1/analytics/events`. */
  url: string;
  apiKey: string;
  platform: Platform;
  compress: boolean;
  /** The `Content-Encoding` to send when compressing (the platform must have it). @default 'gzip' */
  encoding?: BodyEncoding;
  timeoutMs: number;
  historicalMigration: boolean;
  /** Where an unreadable answer or a redirect is reported. */
  logger: Logger;
}

/**
 * v1 classifies fewer statuses as retryable than v0: 408, 429, 500, 502, 503, 504; every other
 * status is final (wire-protocol.md §2 and §8).
 */
function classifyV1Status(status: number): 'sent' | 'retryable' | 'rejected' {
  if (status >= 200 && status < 300) return 'sent';
  if (status === 408 || status === 429 || status === 500 || status === 502 || status === 503 || status === 504) return 'retryable';
  return 'rejected';
}

const SDK_INFO = `${LIB_NAME}/${LIB_VERSION}`;

/**
 * Capture v1: `POST /i/v1/analytics/events`, Bearer auth, `{created_at, batch}`, per-event results.
 * `created_at` and `PostHog-Request-Id` are fixed per batch; `PostHog-Attempt` and
 * `PostHog-Request-Timestamp` change per attempt. Events come pre-shaped by `toV1Event`.
 * @internal
 */
export function createV1Transport(config: V1TransportConfig): Transport {
  const { platform, logger } = config;
  const refuseRedirect = createRedirectRefusal(config.url, logger);
  const encoding = config.encoding ?? 'gzip';
  const compress = config.compress ? encoderFor(platform, encoding) : undefined;
  const migration = config.historicalMigration ? '"historical_migration":true,' : '';
  const bodies = new BatchBodyWriter();

  return {
    async send(events, attempt, signal): Promise<TransportResult> {
      const createdAt = new Date(attempt.startedAt).toISOString();
      const headers: Record<string, string> = {
        Authorization: `Bearer ${config.apiKey}`,
        'Content-Type': 'application/json',
        'User-Agent': SDK_INFO,
        'PostHog-Sdk-Info': SDK_INFO,
        'PostHog-Attempt': String(attempt.number),
        'PostHog-Request-Id': attempt.batchId,
        'PostHog-Request-Timestamp': new Date(platform.scheduler.now()).toISOString(),
      };
      const body = await bodies.encode(`{"created_at":"${createdAt}",${migration}"batch":[`, events, ']}', compress, encoding, headers);
      let response: CaptureAnswer;
      let text: string | undefined;
      try {
        const answered = await withDeadline(signal, config.timeoutMs, async (deadline) => {
          const answer = await postCapture(platform, config.url, headers, body, deadline, CAPTURE_RESPONSE_MAX_BYTES, `POST ${config.url}`);
          const refused = refuseRedirect(answer);
          if (refused !== undefined) return refused;
          const read = answer.read;
          // The per-event results are the answer here: a body that broke off is a failed attempt.
          if (!read.ok && 'broken' in read) throw read.error;
          if (!read.ok) logger.warn(`${read.error.name}: ${read.error.message}`);
          return [answer, read.ok ? read.text : undefined] as const;
        });
        if (!Array.isArray(answered)) return answered as TransportResult;
        [response, text] = answered;
      } catch (error) {
        return { kind: 'retryable', error: describeFetchError(error) };
      }
      const status = response.status;
      const kind = classifyV1Status(status);
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), platform.scheduler.now());
      if (kind === 'retryable') return { kind, status, retryAfterMs, error: `HTTP ${status}` };
      if (kind === 'rejected') return { kind, status, error: `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}` };
      const results = text === undefined ? undefined : readResults(events, status, text, retryAfterMs);
      if (results !== undefined) return results;
      // A 2xx whose per-event results cannot be read (not JSON, no `results` map, or too large to
      // read): the server accepted the request, so the events are counted as delivered, results
      // unknown, and nothing is retried. Resending could only duplicate events the server already
      // took (it answered 2xx); reporting them lost would be a claim nobody can back. Said in the log.
      logger.warn(`POST ${config.url}: HTTP ${status} without readable per-event results; ${events.length} event(s) counted as accepted, results unknown`);
      return { kind: 'sent', status };
    },
  };
}

/**
 * Sorts a batch by the server's per-event results: `retry` goes again, `drop` and `limited` are lost
 * for good, and `ok`, `warning`, unknown results and absent uuids are final successes. `undefined`
 * when the body holds no results map.
 */
function readResults(events: readonly string[], status: number, text: string, retryAfterMs: number | undefined): TransportResult | undefined {
  let results: Record<string, { result?: unknown; details?: unknown }>;
  try {
    results = (JSON.parse(text) as { results?: typeof results }).results ?? {};
    if (typeof results !== 'object' || results === null) return undefined;
  } catch {
    return undefined;
  }
  const accepted: string[] = [];
  const dropped: string[] = [];
  const retry: string[] = [];
  const details: string[] = [];
  for (const json of events) {
    const answer = results[uuidOfV1Json(json)];
    if (answer?.result === 'retry') retry.push(json);
    else if (answer?.result === 'drop' || answer?.result === 'limited') {
      dropped.push(json);
      if (typeof answer.details === 'string' && details.length < 3) details.push(answer.details);
    } else accepted.push(json);
  }
  if (dropped.length === 0 && retry.length === 0) return { kind: 'sent', status };
  const error = `server answered ${dropped.length} drop / ${retry.length} retry${details.length ? `: ${details.join('; ')}` : ''}`;
  return { kind: 'partial', status, accepted, dropped, retry, retryAfterMs, error };
}
