import { LIB_NAME, LIB_VERSION } from '../base/version.js';
import { type EncodeOptions, type OtlpKeyValue, toKeyValues } from './any-value.js';

/**
 * Who produces the logs and spans: the same four keys in the `logs` and `traces` options, so a
 * service is named once in PostHog's Logs and Traces alike.
 */
export interface OtlpServiceOptions {
  /**
   * The service, sent as the OTLP `service.name` resource attribute; PostHog groups logs and
   * operations by it. @default 'unknown_service'
   */
  serviceName?: string;
  /** The service's version, sent as `service.version`. */
  serviceVersion?: string;
  /** Deployment environment (`'production'`, `'staging'` …), sent as `deployment.environment`. */
  environment?: string;
  /**
   * More OTLP resource attributes for every batch. `service.*` here is used only when the matching
   * option above is not set; `telemetry.sdk.*` is always the SDK's own.
   */
  resourceAttributes?: Record<string, unknown>;
}

/** The resource identity keys the `serviceName` / `serviceVersion` / `environment` options own. */
const SERVICE_KEYS = [
  ['service.name', 'serviceName'],
  ['service.version', 'serviceVersion'],
  ['deployment.environment', 'environment'],
] as const;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/**
 * The resource attributes of every batch: the user's `resourceAttributes`, the host's (`os.name`,
 * `os.version`), then the identity keys, which win on collision so nobody clobbers them by accident
 * (spec logs and traces, resource and scope). `service.name` is always sent: the server reads the
 * service only from it.
 * @internal
 */
export function resourceAttributes(service: OtlpServiceOptions, host: Readonly<Record<string, string>> | undefined): Record<string, unknown> {
  const user: Record<string, unknown> = {};
  const supplied = service.resourceAttributes;
  if (supplied !== null && typeof supplied === 'object') Object.assign(user, supplied);
  const attributes: Record<string, unknown> = { ...host, ...user };
  for (const [key, option] of SERVICE_KEYS) {
    const value = text(service[option]) ?? text(user[key]);
    delete attributes[key];
    if (value !== undefined) attributes[key] = value;
  }
  attributes['service.name'] ??= 'unknown_service';
  attributes['telemetry.sdk.name'] = LIB_NAME;
  attributes['telemetry.sdk.version'] = LIB_VERSION;
  return attributes;
}

/** The JSON around a batch's records: everything before the first record and after the last. @internal */
export interface OtlpEnvelope {
  readonly head: string;
  readonly tail: string;
}

/**
 * One `resource*` entry holding one `scope*` entry holding the batch's records (spec logs and traces,
 * payload envelope), split around the records so a batch is joined from already-serialised JSON.
 * @internal
 */
export function otlpEnvelope(signal: 'logs' | 'traces', resource: Record<string, unknown>, encode: EncodeOptions = {}): OtlpEnvelope {
  const [outer, inner, records] = signal === 'logs' ? ['resourceLogs', 'scopeLogs', 'logRecords'] : ['resourceSpans', 'scopeSpans', 'spans'];
  const attributes: OtlpKeyValue[] = toKeyValues(resource, encode);
  const scope = { name: LIB_NAME, version: LIB_VERSION };
  return {
    head: `{"${outer}":[{"resource":{"attributes":${JSON.stringify(attributes)}},"${inner}":[{"scope":${JSON.stringify(scope)},"${records}":[`,
    tail: ']}]}]}',
  };
}
