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
  FeatureFlagEvaluations,
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
