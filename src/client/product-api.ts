import { LIB_NAME, LIB_VERSION } from '../base/version.js';
import { createEmailClient } from '../emails/email-client.js';
import type { Emails } from '../emails/email-types.js';
import { createMetricsClient } from '../metrics/metrics-client.js';
import type { Metrics } from '../metrics/metrics-config.js';
import { IdentityApi } from './identity-api.js';

/** PostHog products beyond events and flags, as posthog-node offers them on the client: metrics and emails. */
export class ProductApi extends IdentityApi {
  private emailClient: Emails | undefined;

  /**
   * Counters, gauges and histograms, pre-aggregated in memory and sent as OTLP every
   * `metrics.flushIntervalMs` (10 s); configured with the `metrics` option. Nothing is recorded
   * while opted out or disabled. Made on first use.
   * @example posthog.metrics.count('jobs.processed', 1, { attributes: { queue: 'default' } })
   */
  get metrics(): Metrics {
    const state = this.state;
    if (state.metrics === undefined) {
      const { options, platform, logger } = state.core;
      state.metrics = createMetricsClient(state.core.input.metrics, {
        host: options.host,
        apiKey: options.apiKey,
        compress: !options.disableCompression,
        requestTimeoutMs: options.requestTimeout,
        platform,
        logger,
        keepAlive: platform.keepAlive,
        muted: () => state.optedOut || options.disabled,
      });
    }
    return state.metrics;
  }

  /**
   * Transactional email from PostHog templates or your own content, email status, and recipients'
   * topic preferences (posthog-node's `emails`). Needs `secretKey` (a project secret key with the
   * transactional email scopes); requests go to `appHost`, or PostHog Cloud's app host for `host`.
   * Each call resolves `{ data, error }` and never rejects; a disabled client answers
   * `client_disabled`, a shut-down one `client_closed`.
   * @example const { data, error } = await posthog.emails.send({ to: 'ada@example.com', templateId: '0190f6d2-…', distinctId: 'user-1' })
   */
  get emails(): Emails {
    if (this.emailClient === undefined) {
      const { options, input, platform, logger } = this.state.core;
      this.emailClient = createEmailClient({
        host: options.host,
        appHost: input.appHost,
        secretKey: this.state.core.secretKey,
        requestTimeoutMs: typeof input.emailRequestTimeoutMs === 'number' && input.emailRequestTimeoutMs > 0 ? input.emailRequestTimeoutMs : 15_000,
        maxRetries: typeof input.emailRequestMaxRetries === 'number' && Number.isInteger(input.emailRequestMaxRetries) && input.emailRequestMaxRetries >= 0 ? input.emailRequestMaxRetries : 2,
        migratedFrom: input.migratedFrom,
        userAgent: `${LIB_NAME}/${LIB_VERSION}`,
        platform,
        logger,
        keepAlive: platform.keepAlive,
        disabled: () => options.disabled,
        closed: () => this.closed,
      });
    }
    return this.emailClient;
  }

  /** Whether `shutdown()` was called. @internal */
  protected get closed(): boolean {
    return false;
  }
}
