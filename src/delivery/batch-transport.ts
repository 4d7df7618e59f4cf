import type { Logger } from '../base/logger.js';
import type { Platform } from '../platform/platform.js';
import { LIB_NAME, LIB_VERSION } from '../base/version.js';
import { postCapture } from './capture-post.js';
import { CAPTURE_RESPONSE_MAX_BYTES } from './read-capped-body.js';
import { createRedirectRefusal } from './redirect-refusal.js';
import { parseRetryAfter } from './retry-after.js';
import { BatchBodyWriter } from './batch-body.js';
import { type Transport, type TransportResult, classifyCaptureStatus, describeFetchError, withDeadline } from './transport.js';

/** Configuration of a v0 envelope transport. @internal */
export interface BatchTransportConfig {
  /** Full URL, e.g. `https://us.i.posthog.com/batch/`. */
  url: string;
  apiKey: string;
  platform: Platform;
  compress: boolean;
  timeoutMs: number;
  historicalMigration: boolean;
  /** Where an abandoned response body or a redirect is reported. */
  logger: Logger;
}

/**
 * Capture v0: `POST /batch/` with `{api_key, batch, sent_at}`. The events are already JSON, so the
 * body is assembled from them as they are (see {@link BatchBodyWriter}); `sent_at` is rebuilt per
 * attempt (PostHog corrects clock skew with it) while every event's bytes stay identical. Also used by the AI lane (`/i/v0/ai/batch/`).
 * Redirects are not followed (see {@link createRedirectRefusal}); the answer's body is read up to a
 * small cap, since only its status matters.
 * @internal
 */
export function createBatchTransport(config: BatchTransportConfig): Transport {
  const { platform, logger } = config;
  const head = `{"api_key":${JSON.stringify(config.apiKey)},${config.historicalMigration ? '"historical_migration":true,' : ''}"batch":[`;
  const gzip = config.compress ? platform.gzip : undefined;
  const userAgent = `${LIB_NAME}/${LIB_VERSION}`;
  const refuseRedirect = createRedirectRefusal(config.url, logger);
  const bodies = new BatchBodyWriter();

  return {
    async send(events, _attempt, signal): Promise<TransportResult> {
      const sentAt = new Date(platform.scheduler.now()).toISOString();
      const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': userAgent };
      const body = await bodies.encode(head, events, `],"sent_at":"${sentAt}"}`, gzip, 'gzip', headers);
      try {
        return await withDeadline(signal, config.timeoutMs, async (deadline) => {
          // The body is always consumed (edge runtimes keep the connection otherwise), but never more of it than a capture answer can be.
          const response = await postCapture(platform, config.url, headers, body, deadline, CAPTURE_RESPONSE_MAX_BYTES, `POST ${config.url}`);
          const refused = refuseRedirect(response);
          if (refused !== undefined) return refused;
          const read = response.read;
          // A body that broke off after the status is ignored: only the status matters here.
          if (!read.ok && !('broken' in read)) logger.warn(`${read.error.name}: ${read.error.message}`);
          const text = read.ok ? read.text : '';
          const kind = classifyCaptureStatus(response.status);
          if (kind === 'sent') return { kind, status: response.status };
          const error = `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
          // v0 answers 400 to the whole request when any one event fails its checks.
          if (kind === 'rejected') return { kind, status: response.status, error, isolate: response.status === 400 };
          const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), platform.scheduler.now());
          return { kind, status: response.status, retryAfterMs, error };
        });
      } catch (error) {
        return { kind: 'retryable', error: describeFetchError(error) };
      }
    },
  };
}
