// Public types and helpers shared by every entry point.
export { PostHogClient } from './client/posthog.js';
export type { PostHogOptions } from './client/options.js';
export type { SpoolOptions } from './client/spool-options.js';
export { LIB_NAME, LIB_VERSION } from './base/version.js';
export type { Logger } from './base/logger.js';
export { silentLogger } from './base/logger.js';
export {
  PostHogError,
  PostHogValidationError,
  PostHogDeliveryError,
  type DropReason,
  isPostHogValidationError,
  isPostHogDeliveryError,
} from './base/errors.js';
export type { DeliveryCallbacks } from './delivery/outcomes.js';
export type {
  AliasMessage,
  CaptureMessage,
  EventProperties,
  EventTimestamp,
  GroupIdentifyMessage,
  GroupMap,
  IdentifyMessage,
  FlagValuesSnapshot,
  Message,
  WireEvent,
} from './messages/message.js';
export { Groups, Properties } from './messages/builders.js';
export type { FlagValue, FlagReason } from './flags/flag-source.js';
export type { FlagRequest, FlagKeyRequest } from './client/flag-call-args.js';
export type {
  AllFlagsOptions,
  FeatureFlagResult,
  FlagCallOptions,
  FlagsAndPayloads,
  IsFeatureEnabledOptions,
} from './flags/feature-flags-client.js';
export type { FlagDefinitionsCache } from './flags/definitions/cache-provider.js';
export type { DefinitionsPayload } from './flags/definitions/payload.js';
export type { RequestContext, IncomingRequestLike, ContextFromRequestOptions } from './context/request-context.js';
export { contextFromRequest } from './context/request-context.js';
export type { HeaderSource } from './context/tracing-headers.js';
export { sanitizeHeaderValue, DISTINCT_ID_HEADER, SESSION_ID_HEADER } from './context/tracing-headers.js';
export { posthogExpress, posthogExpressErrorHandler, setupExpressErrorHandler } from './integrations/express.js';
export type { ExpressAppLike, ExpressErrorMiddleware, ExpressRequestLike, ExpressResponseLike } from './integrations/express.js';
export { posthogFastify } from './integrations/fastify.js';
export { posthogHono, type HonoContextLike } from './integrations/hono.js';
export { withPostHogContext } from './integrations/fetch-handler.js';
export type { BeforeSendFn } from './messages/before-send.js';
export type { BeforeSendLogFn, CaptureLogOptions, CaptureLogger, LogAttributeValue, LogAttributes, LogSeverityLevel, LogsConfig } from './logs/logs-config.js';
export type {
  BeforeSpanSendFn,
  Span,
  SpanAttributeValue,
  SpanAttributes,
  SpanKind,
  SpanRecord,
  SpanStatusCode,
  SpanTimeInput,
  StartSpanOptions,
  TracesConfig,
} from './traces/span-types.js';
export type { OtlpServiceOptions } from './otlp/resource.js';

// ── posthog-node 5.x names (docs/migrating-from-posthog-node.md) ──────────────────────────────────
export type { PostHogNodeOptions, PostHogNodeSharedOptionTypes } from './client/node-options.js';
export type { PostHogOptionFields } from './client/options.js';
export type { BeforeSendEvent, BeforeSendResult } from './messages/before-send.js';
export type {
  CaptureMessage as EventMessage,
  SendFeatureFlagsOptions,
  SetPersonPropertiesMessage,
  UnsetPersonPropertiesMessage,
} from './messages/message.js';
export type { FlagCallOptions as FlagEvaluationOptions, FlagCallOptions as BaseFlagEvaluationOptions } from './flags/feature-flags-client.js';
export type { FeatureFlagEvaluationRuntime } from './flags/feature-flags-client.js';
export { FeatureFlagEvaluations } from './flags/evaluations.js';
export type { UnresolvedFlagReason } from './flags/evaluations.js';
export type { FeatureFlagOverrideOptions, OverrideFeatureFlagsOptions } from './flags/flag-value-overrides.js';
export { FeatureFlagError, type FeatureFlagErrorType } from './flags/flag-errors.js';
export type { JsonType } from './base/json.js';
export type { FlagValue as FeatureFlagValue } from './flags/flag-source.js';
export type {
  FlagDefinition as PostHogFeatureFlag,
  FlagCondition as FeatureFlagCondition,
  PropertyFilter as FlagProperty,
  PropertyGroup,
} from './flags/definitions/payload.js';
export type { FlagDefinitionCacheData, FlagDefinitionCacheInput, FlagDefinitionCacheProvider } from './flags/definitions/cache-provider.js';
export type { ContextOptions, RequestContext as ContextData } from './context/request-context.js';
export type { ClientEventName } from './client/client-events.js';
export type { FetchLike, FetchOptionsLike, FetchResponseLike } from './platform/custom-fetch.js';
export { uuidv7 } from './messages/public-uuid.js';
export {
  type CookieStore,
  type PostHogCookieState,
  cookieStateToProperties,
  cookieStoreFromHeader,
  getPostHogCookieName,
  parsePostHogCookie,
  readPostHogCookie,
  serializePostHogCookie,
} from './context/posthog-cookie.js';
export type {
  BeforeSendMetricFn,
  CaptureMetricOptions,
  HistogramOptions,
  MetricAttributeValue,
  MetricAttributes,
  MetricSample,
  MetricType,
  Metrics,
  MetricsConfig,
} from './metrics/metrics-config.js';

export type { IPostHog } from './client/client-interface.js';

/** The flag property value types a definition's filter may hold. */
export type FlagPropertyValue = string | number | (string | number)[] | boolean;
/** How a flag buckets users: by distinct id (the default) or by device id. */
export type FeatureFlagBucketingIdentifier = 'distinct_id' | 'device_id' | '' | null;
export { EmailError, type EmailErrorName } from './emails/email-error.js';
export type {
  CodeEmailForm,
  EmailDeliveryStatus,
  EmailPreferences,
  EmailReactElement,
  Emails,
  EmailStatus,
  EmailWarning,
  GetEmailResponse,
  SendCodeEmailOptions,
  SendEmailBase,
  SendEmailOptions,
  SendEmailResponse,
  SendEmailResult,
  SendTemplateEmailOptions,
  SetEmailPreferencesOptions,
  SetEmailPreferencesResponse,
  TemplateEmailForm,
} from './emails/email-types.js';
export {
  PostHogSentryIntegration,
  createEventProcessor,
  sentryIntegration,
  type SentryIntegrationClient,
  type SentryIntegrationOptions,
  type SeverityLevel,
} from './integrations/sentry.js';
export { enrichCurrentSpan } from './context/context-listeners.js';
export { setupExpressRequestContext, type ExpressContextClient } from './integrations/express-request-context.js';
export {
  HTTP_SERVER_REQUEST_COUNT_METRIC,
  HTTP_SERVER_REQUEST_DURATION_METRIC,
  instrumentRequest,
  posthogHonoMiddleware,
  type HonoInstrumentationContext,
  type InstrumentRequestOptions,
  type RequestInstrumentationClient,
} from './integrations/instrument-request.js';
export type { CodeEmailFields, Without } from './emails/email-types.js';
export type { EmailErrorParams } from './emails/email-error.js';
export type { FlagValueOverrideMap } from './flags/flag-value-overrides.js';
export type { PostHogSentryIntegrationObject, SentryEvent } from './integrations/sentry.js';
