/**
 * The one list of posthog-node 5.x members, options, exports and entries that posthog-ts does not
 * offer (or offers with a shape the compiler cannot accept in place of posthog-node's), each with
 * its reason. The type test in `posthog-node.parity.ts` fails on anything missing or incompatible
 * that is not named here, and `docs/migrating-from-posthog-node.md` prints this list (checked by
 * `exceptions-doc.test.ts`).
 */
export const PARITY_EXCEPTIONS = [
  // ── client members ─────────────────────────────────────────────────────────────────────────
  { kind: 'member', name: 'captureLog', reason: 'built on branch otlp' },
  { kind: 'member', name: 'logger', reason: 'built on branch otlp' },
  { kind: 'member', name: 'startSpan', reason: 'built on branch otlp' },
  { kind: 'member', name: 'withSpan', reason: 'built on branch otlp' },
  { kind: 'member', name: 'getActiveSpan', reason: 'built on branch otlp' },
] as const satisfies readonly ParityExceptionEntry[];

/** What an entry is about: a client member, a member of `evaluateFlags()` snapshots, an option, a named export, a package entry. */
export type ParityKind = 'member' | 'snapshot member' | 'option' | 'export' | 'entry';

/** One exception and why. */
export interface ParityExceptionEntry {
  kind: ParityKind;
  name: string;
  reason: string;
}

/** Names on the list, by kind. */
export type ParityException<K extends ParityKind> = Extract<(typeof PARITY_EXCEPTIONS)[number], { kind: K }>['name'];
