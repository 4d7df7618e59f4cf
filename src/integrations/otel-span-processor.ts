import { type Context, type Span, SpanKind, trace } from '@opentelemetry/api';
import { addContextListener } from '../context/context-listeners.js';
import type { RequestContext } from '../context/request-context.js';

/** What the span processor reads of the client. */
export interface SpanProcessorClient {
  readonly isDisabled: boolean;
  readonly optedOut: boolean;
  /** The request context in force. */
  getContext(): RequestContext | undefined;
}

type ReadableSpan = Span & { readonly attributes: Record<string, unknown>; readonly kind?: SpanKind };

const readable = (span: Span | undefined): span is ReadableSpan =>
  span !== undefined && 'attributes' in span && typeof (span as ReadableSpan).attributes === 'object' && (span as ReadableSpan).attributes !== null;

/**
 * An OpenTelemetry `SpanProcessor` that stamps spans with the PostHog request context, so traces join
 * persons and sessions (posthog-node's `PostHogContextSpanProcessor`): each span started inside a
 * context gets `posthogDistinctId` and `sessionId` attributes (unless it already has them); when a
 * request's context is entered (the middlewares, `enrichCurrentSpan`) the active span and its nearest
 * server span are stamped too.
 * @example new NodeTracerProvider({ spanProcessors: [new PostHogContextSpanProcessor(posthog), exporter] })
 */
export class PostHogContextSpanProcessor {
  private active = true;
  private readonly stamped = new WeakSet<Span>();
  private readonly parents = new WeakMap<Span, WeakRef<Span>>();
  private readonly unsubscribe: () => void;

  constructor(private readonly posthog: SpanProcessorClient) {
    this.unsubscribe = addContextListener(posthog, (requestEntry) => {
      const span = trace.getActiveSpan();
      this.enrich(span, requestEntry);
      if (requestEntry) this.enrichServerSpan(span);
    });
  }

  private enrich(span: Span | undefined, again = false): void {
    if (!this.active) return;
    try {
      if (this.posthog.isDisabled || this.posthog.optedOut) return;
      if (!readable(span) || !span.isRecording() || (this.stamped.has(span) && !again)) return;
      const context = this.posthog.getContext();
      if (context === undefined) return;
      this.stamped.add(span);
      if (context.sessionId && span.attributes.sessionId === undefined) span.setAttribute('sessionId', context.sessionId);
      if (context.distinctId && span.attributes.posthogDistinctId === undefined) span.setAttribute('posthogDistinctId', context.distinctId);
    } catch {
      // Tracing must never break the application.
    }
  }

  /** The request's server span is usually an ancestor of the active span: stamp it too. */
  private enrichServerSpan(current: Span | undefined): void {
    let span = current;
    while (span !== undefined) {
      if ((span as ReadableSpan).kind === SpanKind.SERVER && span.isRecording()) {
        if (span !== current) this.enrich(span, true);
        return;
      }
      span = this.parents.get(span)?.deref();
    }
  }

  /** @internal OpenTelemetry calls it when a span starts. */
  onStart(span: Span, parentContext?: Context): void {
    if (!this.active) return;
    const parent = parentContext === undefined ? undefined : trace.getSpan(parentContext);
    if (parent !== undefined && parent !== span) this.parents.set(span, new WeakRef(parent));
    this.enrich(span);
  }

  /** @internal */
  onEnd(): void {}

  /** @internal */
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  /** Stops stamping spans. */
  shutdown(): Promise<void> {
    if (this.active) {
      this.active = false;
      this.unsubscribe();
    }
    return Promise.resolve();
  }
}
