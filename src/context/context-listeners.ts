/** Told when a request context is entered; `requestEntry` when it is a request's own entry. @internal */
export type ContextListener = (requestEntry: boolean) => void;

// The ESM and CJS builds are separate module copies: they share one registry through a global.
const KEY = Symbol.for('posthog-ts.context-listeners');
const holder = globalThis as typeof globalThis & { [KEY]?: WeakMap<object, Set<ContextListener>> };
const registry = (holder[KEY] ??= new WeakMap());

/** Listens to the contexts a client enters (the OpenTelemetry span processor uses it); returns the unsubscribe. @internal */
export function addContextListener(client: object, listener: ContextListener): () => void {
  const listeners = registry.get(client) ?? new Set<ContextListener>();
  registry.set(client, listeners);
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) registry.delete(client);
  };
}

/** Tells a client's context listeners that a context was entered. A listener that throws is ignored. @internal */
export function notifyContextListeners(client: object, requestEntry = false): void {
  const listeners = registry.get(client);
  if (listeners === undefined) return;
  for (const listener of listeners) {
    try {
      listener(requestEntry);
    } catch {
      // A listener's failure is its own.
    }
  }
}

/**
 * Tells installed span processors (`posthog-ts/otel`) that the request's ids are now known, so the
 * active span and its server span get `posthogDistinctId` and `sessionId`. Call it after
 * `enterContext()` or after identifying the user mid-request; without a processor it does nothing.
 * @example posthog.enterContext({ distinctId: user.id }); enrichCurrentSpan(posthog)
 */
export function enrichCurrentSpan(client: object): void {
  notifyContextListeners(client, true);
}
