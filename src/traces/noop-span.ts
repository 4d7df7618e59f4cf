import type { Span } from './span-types.js';

/**
 * The inert handle returned whenever tracing cannot run (off, client disabled, opted out, live-span
 * bound reached, a no-op parent): every method succeeds and does nothing, and it never yields a
 * `traceparent`, so an id that was never recorded cannot propagate (spec traces, no-op span handles).
 * @internal
 */
class NoopSpan implements Span {
  setAttribute(): this {
    return this;
  }
  setAttributes(): this {
    return this;
  }
  addEvent(): this {
    return this;
  }
  setStatus(): this {
    return this;
  }
  recordException(): this {
    return this;
  }
  updateName(): this {
    return this;
  }
  traceparent(): string | null {
    return null;
  }
  get traceId(): string | null {
    return null;
  }
  get spanId(): string | null {
    return null;
  }
  tracestate(): string | null {
    return null;
  }
  end(): void {}
}

/** The one no-op span. @internal */
export const NOOP_SPAN: Span = Object.freeze(new NoopSpan());
