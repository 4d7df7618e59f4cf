/** The kind of an {@link EmailError}, as posthog-node names them. */
export type EmailErrorName =
  | 'validation_error'
  | 'missing_api_key'
  | 'invalid_permission'
  | 'not_found'
  | 'concurrent_idempotent_requests'
  | 'invalid_idempotent_request'
  | 'rate_limit_exceeded'
  | 'monthly_quota_exceeded'
  | 'service_unavailable'
  | 'application_error';

/** What an {@link EmailError} is made from. */
export interface EmailErrorParams {
  code: string;
  message: string;
  statusCode?: number;
  why?: string;
  fix?: string;
  docsUrl?: string;
  field?: string;
  retryAfterMs?: number;
  cause?: unknown;
}

/** The kind of a failure, from the HTTP status (when PostHog answered) and the code. */
function nameOf(status: number | undefined, code: string): EmailErrorName {
  if (code === 'missing_secret_key' || status === 401) return 'missing_api_key';
  if (status === undefined) {
    if (code === 'network_error') return 'service_unavailable';
    return code.startsWith('invalid_') ? 'validation_error' : 'application_error';
  }
  switch (status) {
    case 400:
      return 'validation_error';
    case 403:
      return 'invalid_permission';
    case 404:
      return 'not_found';
    case 409:
      return code === 'template_outdated' ? 'validation_error' : 'concurrent_idempotent_requests';
    case 422:
      return code === 'idempotency_key_reused' ? 'invalid_idempotent_request' : 'validation_error';
    case 429:
      return code === 'quota_limited' ? 'monthly_quota_exceeded' : 'rate_limit_exceeded';
    case 503:
      return 'service_unavailable';
    default:
      return 'application_error';
  }
}

/**
 * Why an `emails` call did nothing (it resolves `{ data: null, error }`, never rejects): `code` is
 * PostHog's or the SDK's reason, `name` its kind, `field` the option at fault, `fix` what to do.
 */
export class EmailError extends Error {
  override name: EmailErrorName;
  readonly code: string;
  readonly statusCode?: number;
  readonly why?: string;
  readonly fix?: string;
  readonly docsUrl?: string;
  readonly field?: string;
  readonly retryAfterMs?: number;

  constructor(params: EmailErrorParams) {
    super(params.message, params.cause === undefined ? undefined : { cause: params.cause });
    this.name = nameOf(params.statusCode, params.code);
    this.code = params.code;
    this.statusCode = params.statusCode;
    this.why = params.why;
    this.fix = params.fix;
    this.docsUrl = params.docsUrl;
    this.field = params.field;
    this.retryAfterMs = params.retryAfterMs;
  }
}
