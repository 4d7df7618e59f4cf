import { LIB_NAME, LIB_VERSION } from '../base/version.js';
import type { Platform } from '../platform/platform.js';
import { parseRetryAfter } from './retry-after.js';
import { BatchBodyWriter } from './batch-body.js';
import { type Transport, type TransportResult, classifyCaptureStatus, describeFetchError, withDeadline } from './transport.js';

/** Configuration of an OTLP/HTTP JSON transport (logs or traces). @internal */
export interface OtlpTransportConfig {
  /** Ingestion host without a trailing slash. */
  host: string;
  /** `/i/v1/logs` or `/i/v1/traces`. */
  path: string;
  apiKey: string;
  /**
   * `query`: the key in `?token=` (spec logs, HTTP transport); `bearer`: `Authorization: Bearer`
   * (spec traces, HTTP transport, where `?token=` is only the fallback for senders without headers).
   */
  auth: 'query' | 'bearer';
  platform: Platform;
  compress: boolean;
  timeoutMs: number;
  /** The JSON before the first record and after the last (see `otlpEnvelope`). */
  head: string;
  tail: string;
}

/**
 * Posts one OTLP/JSON batch: the records are already JSON, so the body is the envelope's head, the
 * records joined by commas, and its tail. gzip with `Content-Encoding` where the runtime has it, raw
 * JSON otherwise. 2xx is success; 408, 429, 5xx and network failures are worth retrying (with
 * `Retry-After` as a floor); 413 asks the caller to halve the batch; other statuses are final.
 * @internal
 */
export function createOtlpTransport(config: OtlpTransportConfig): Transport {
  const { platform } = config;
  const url = config.auth === 'query' ? `${config.host}${config.path}?token=${encodeURIComponent(config.apiKey)}` : `${config.host}${config.path}`;
  const gzip = config.compress ? platform.gzip : undefined;
  const userAgent = `${LIB_NAME}/${LIB_VERSION}`;
  const bodies = new BatchBodyWriter();

  return {
    async send(records, _attempt, signal): Promise<TransportResult> {
      const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': userAgent };
      if (config.auth === 'bearer') headers.Authorization = `Bearer ${config.apiKey}`;
      const body = await bodies.encode(config.head, records, config.tail, gzip, 'gzip', headers);
      try {
        return await withDeadline(signal, config.timeoutMs, async (deadline) => {
          const response = await platform.fetch(url, { method: 'POST', headers, body: body as unknown as BodyInit, signal: deadline });
          // Always read the body: edge runtimes keep the connection otherwise.
          const text = await response.text().catch(() => '');
          const kind = classifyCaptureStatus(response.status);
          if (kind === 'sent') return { kind, status: response.status };
          const error = `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
          if (kind === 'rejected') return { kind, status: response.status, error };
          return { kind, status: response.status, retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), platform.scheduler.now()), error };
        });
      } catch (error) {
        return { kind: 'retryable', error: describeFetchError(error) };
      }
    },
  };
}
