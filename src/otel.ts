/**
 * posthog-ts/otel: OpenTelemetry integration, as posthog-node's `posthog-node/otel`. Needs
 * `@opentelemetry/api` (an optional peer dependency).
 * @packageDocumentation
 */
export { PostHogContextSpanProcessor, type SpanProcessorClient } from './integrations/otel-span-processor.js';
export { enrichCurrentSpan } from './context/context-listeners.js';
