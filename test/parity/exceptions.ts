/**
 * The one list of posthog-node 5.x members, options, exports and entries that posthog-ts does not
 * offer (or offers with a shape the compiler cannot accept in place of posthog-node's), each with
 * its reason. The type test in `posthog-node.parity.ts` and the export test in
 * `exports.test.ts` fail on anything missing or incompatible that is not named here, and
 * `docs/migrating-from-posthog-node.md` prints this list (checked by `exports.test.ts`).
 */
export const PARITY_EXCEPTIONS = [
  // posthog-node's internals: public in its class for its own extensions, not for applications.
  { kind: 'member', name: 'fetch', reason: "posthog-node's transport seam (@internal there); the `fetch` option is the way to change how requests are made" },
  { kind: 'member', name: 'distinctIdHasSentFlagCalls', reason: 'internal and deprecated in posthog-node: the $feature_flag_called de-duplication state' },
  { kind: 'member', name: 'getPersistedProperty', reason: "posthog-node's storage seam for its in-memory queue; posthog-ts's queue is not a property store" },
  { kind: 'member', name: 'setPersistedProperty', reason: "posthog-node's storage seam for its in-memory queue; posthog-ts's queue is not a property store" },
  { kind: 'member', name: 'prepareEventMessage', reason: "an internal step of posthog-node's capture (it resolves the message that `before_send` sees); posthog-ts builds events in its pipeline and hooks see the same shape" },
  { kind: 'member', name: '_capturePreparedEvent', reason: 'internal step of posthog-node\'s capture' },
  { kind: 'member', name: '_shutdown', reason: 'internal; `shutdown()` is the public method' },
  { kind: 'member', name: 'addPendingPromise', reason: "internal bookkeeping of posthog-node's flush; posthog-ts's `flush()` and `shutdown()` wait for all work they started" },
  { kind: 'member', name: 'getErrorPropertiesBuilder', reason: "internal of posthog-node's error tracking; `captureException` builds `$exception_list`" },
  { kind: 'member', name: '_flushMetricsWithinInvocation', reason: 'internal of posthog-node\'s request instrumentation' },
  { kind: 'member', name: '_sendMetricsBatch', reason: 'internal transport seam of the metrics client' },
  { kind: 'member', name: '_sendLogsBatch', reason: 'internal transport seam of the logs client; `captureLog` and `flush()` send logs' },
  { kind: 'member', name: '_sendTracesBatch', reason: 'internal transport seam of the traces client; `withSpan` / `startSpan` and `flush()` send spans' },
  { kind: 'member', name: 'getSurveysStateless', reason: 'surveys are shown by browser and mobile SDKs; a server client has no use for them' },
] as const satisfies readonly ParityExceptionEntry[];

/**
 * What an entry is about: a client member, a member of `evaluateFlags()` snapshots, an option, a named
 * export of the main entry, a named export of another entry.
 */
export type ParityKind = 'member' | 'snapshot member' | 'option' | 'export' | 'entry export';

/** One exception and why. */
export interface ParityExceptionEntry {
  kind: ParityKind;
  name: string;
  reason: string;
}

/** Names on the list, by kind. */
export type ParityException<K extends ParityKind> = Extract<(typeof PARITY_EXCEPTIONS)[number], { kind: K }>['name'];
