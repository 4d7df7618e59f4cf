import type { DefinitionsPayload } from '../flags/definitions/payload.js';
import type { FlagValue } from '../flags/flag-source.js';

/** Which PostHog endpoint a request hit. */
export type Route = 'batch' | 'capture_v1' | 'ai' | 'flags' | 'definitions' | 'logs' | 'traces' | 'other';

/**
 * What the recorder does instead of answering normally.
 * - `{ status }`: answer with this status (capture events are stored only for 2xx);
 * - `delay`: wait, then answer normally (or with `then`);
 * - `hold`: wait until `release` settles, then answer normally (or with `then`) — for tests that act
 *   while a request is in flight without depending on how long anything takes;
 * - `hang`: never answer (until the client gives up or the recorder closes);
 * - `reset`: drop the connection without answering; nothing stored;
 * - `lose-response`: store the events as accepted, then drop the connection without answering.
 * - `body`: answer `status` (default 200) with `chunk` written `repeat` times (default 1; `Infinity`
 *   writes until the client hangs up), as it is or with `gzip: true` gzip-encoded: the chunk is
 *   compressed once and its compressed block repeated, so a few MB on the wire inflate to gigabytes
 *   (a gzip bomb) at no cost to the recorder. Writing follows the client's pace; whether the client
 *   abandoned the body is in {@link RecordedRequest.abandoned}.
 */
export type Fault =
  | { status: number; retryAfter?: string | number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'delay'; ms: number; then?: Fault }
  | { kind: 'hold'; release: PromiseLike<unknown>; then?: Fault }
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'lose-response' }
  | { kind: 'body'; chunk: string | Uint8Array; repeat?: number; gzip?: boolean; status?: number; headers?: Record<string, string> };

/** One request as the recorder saw it. */
export interface RecordedRequest {
  index: number;
  route: Route;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON (after gunzip); the raw string when not JSON; undefined without a body. */
  body: unknown;
  /** Bytes on the wire. */
  bytes: number;
  /** Bytes after undoing `Content-Encoding`. */
  decodedBytes: number;
  gzipped: boolean;
  /** The status answered, or what happened instead. */
  outcome: number | 'hang' | 'reset' | 'lost';
  /** Set once the client closed the connection before the whole response body was written. */
  abandoned?: boolean;
  receivedAt: number;
  /** When the answer was written (ms epoch); absent while pending and for hang, reset, lost. */
  answeredAt?: number;
}

/** One event of a stored capture request. */
export interface RecordedEvent {
  event: string;
  distinct_id: unknown;
  uuid: string;
  timestamp: string;
  properties: Record<string, unknown>;
  route: Route;
  requestIndex: number;
  [key: string]: unknown;
}

/** One OTLP log record or span of a stored `/i/v1/logs` or `/i/v1/traces` request, with its envelope. */
export interface RecordedOtlpItem {
  /** The `logRecord` or `span` as sent (OTLP/JSON). */
  record: Record<string, unknown>;
  /** The batch's resource attributes, flattened to plain values (`{ 'service.name': 'api' }`). */
  resource: Record<string, unknown>;
  /** The batch's scope (`{ name, version }`). */
  scope: Record<string, unknown>;
  requestIndex: number;
}

/** Options of {@link startRecorder}. */
export interface RecorderOptions {
  /** Flags served by `/flags`. */
  flags?: Record<string, FlagValue>;
  /** Flag key → payload (any JSON value). */
  payloads?: Record<string, unknown>;
  /** Definitions served by `/flags/definitions`. */
  definitions?: DefinitionsPayload;
  definitionsEtag?: string;
  /** When set, `/flags/definitions` answers 401 unless `Authorization: Bearer <personalApiKey>`. */
  personalApiKey?: string;
  /** Largest decoded body `/i/v1/logs` and `/i/v1/traces` accept; larger ones get 413, as PostHog's. @default 2_000_000 */
  otlpMaxBodyBytes?: number;
}
