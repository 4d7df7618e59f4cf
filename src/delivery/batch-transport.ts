import type { Platform } from '../platform/platform.js';
import { LIB_NAME, LIB_VERSION } from '../base/version.js';
import { parseRetryAfter } from './retry-after.js';
import { type Transport, type TransportResult, classifyCaptureStatus, describeFetchError, encodeBody, withDeadline } from './transport.js';

/** Configuration of a v0 envelope transport. @internal */
export interface BatchTransportConfig {
  /** Full URL, e.g. `https://us.i.posthog.com/batch/`. */
  url: string;
  apiKey: string;
  platform: Platform;
  compress: boolean;
  timeoutMs: number;
  historicalMigration: boolean;
}

const encoder = new TextEncoder();

/**
 * Capture v0: `POST /batch/` with `{api_key, batch, sent_at}`. The events are already JSON, so the
 * body is assembled by concatenation; `sent_at` is rebuilt per attempt (PostHog corrects clock skew
 * with it) while every event's bytes stay identical. Also used by the AI lane (`/i/v0/ai/batch/`).
 * @internal
 */
export function createBatchTransport(config: BatchTransportConfig): Transport {
  const { platform } = config;
  const head = `{"api_key":${JSON.stringify(config.apiKey)},${config.historicalMigration ? '"historical_migration":true,' : ''}"batch":[`;
  const gzip = config.compress ? platform.gzip : undefined;
  const userAgent = `${LIB_NAME}/${LIB_VERSION}`;

  return {
    async send(events, _attempt, signal): Promise<TransportResult> {
      const sentAt = new Date(platform.scheduler.now()).toISOString();
      const json = `${head}${events.join(',')}],"sent_at":"${sentAt}"}`;
      const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': userAgent };
      const body = await encodeBody(encoder.encode(json), gzip, 'gzip', headers);
      try {
        return await withDeadline(signal, config.timeoutMs, async (deadline) => {
          const response = await platform.fetch(config.url, { method: 'POST', headers, body: body as unknown as BodyInit, signal: deadline });
          // Always consume the body: edge runtimes keep the connection otherwise.
          const text = await response.text().catch(() => '');
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
