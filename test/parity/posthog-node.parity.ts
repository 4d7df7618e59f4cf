/**
 * Compiler-checked parity with posthog-node 5.x (compiled by `npm test` and `npm run lint`; nothing
 * here runs). For every public member of posthog-node's `PostHog`, every option of its
 * `PostHogOptions` and every named value export, posthog-ts must have the same name, accept every
 * argument list posthog-node accepts (each overload), and return something usable where
 * posthog-node's return type is expected — unless the name is on the one exception list
 * (`exceptions.ts`). A failure reads `Type 'false' does not satisfy the constraint 'true'` on the
 * line of the check, with the offending names in the hover type of its argument.
 */
import type * as Node from 'posthog-node';
import type * as Ts from '../../src/index.js';
import type { ParityException } from './exceptions.js';

/** Compiles only when `T` is `true`. */
type Expect<T extends true> = T;
/** `true` when nothing is left over; otherwise the leftover names (read them in the error). */
type NoneLeft<T> = [T] extends [never] ? true : { missing: T extends infer U ? U : never };

// ── how two signatures are compared ─────────────────────────────────────────────────────────────

/** Each call signature of a function type (up to four overloads), one tuple entry per overload. */
type Overloads<F> = F extends {
  (...a: infer A1): infer R1;
  (...a: infer A2): infer R2;
  (...a: infer A3): infer R3;
  (...a: infer A4): infer R4;
}
  ? ((...a: A1) => R1) | ((...a: A2) => R2) | ((...a: A3) => R3) | ((...a: A4) => R4)
  : never;

/**
 * What a posthog-node return type asks of ours: its public members (private fields of a class make
 * any other class unassignable, and no caller can read them), with posthog-node's own classes stood
 * in for by posthog-ts's (each checked member by member below).
 */
type Swap<T> = T extends Node.FeatureFlagEvaluations ? Ts.FeatureFlagEvaluations : T;
type PublicShape<T> = T extends (...a: never[]) => unknown ? T : T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]: T[K] } : T;
type Expected<R> = R extends Promise<infer U> ? Promise<PublicShape<Swap<U>>> : PublicShape<Swap<R>>;

/** Ours returns something usable where posthog-node's return type is expected (anything goes for `void`). */
type Usable<Ours, Theirs> = [Theirs] extends [void] ? ([void] extends [Theirs] ? true : [Ours] extends [Expected<Theirs>] ? true : false) : [Ours] extends [Expected<Theirs>] ? true : false;

/** One posthog-node signature is covered when some overload of ours takes its arguments and returns usably. */
type Covered<TheirSig, OurFn> = TheirSig extends (...a: infer A) => infer R
  ? true extends (Overloads<OurFn> extends infer O ? (O extends (...b: infer B) => infer S ? (A extends B ? Usable<S, R> : false) : never) : never)
    ? true
    : false
  : false;

/** Every overload of posthog-node's function is covered by ours. */
type AllCovered<Theirs, Ours> = false extends (Overloads<Theirs> extends infer S ? (S extends unknown ? Covered<S, Ours> : never) : never) ? false : true;

/** A member of posthog-node is matched by ours: functions by their overloads, other members by value. */
type MemberMatches<Theirs, Ours> = [Theirs] extends [(...a: never[]) => unknown] ? AllCovered<Theirs, Ours> : [Ours] extends [Expected<Theirs>] ? true : false;

/** The names among `Keys` whose posthog-ts member does not match posthog-node's. */
type Mismatched<TheirType, OurType, Keys extends keyof TheirType & keyof OurType> = Keys extends unknown
  ? MemberMatches<TheirType[Keys], OurType[Keys]> extends true
    ? never
    : Keys
  : never;

// ── the client ──────────────────────────────────────────────────────────────────────────────────

type NodeClient = Node.PostHog;
type TsClient = Ts.PostHog;
type MemberExceptions = ParityException<'member'>;

/** Every public member posthog-node has is here too. */
export type MissingMembers = Expect<NoneLeft<Exclude<keyof NodeClient, keyof TsClient | MemberExceptions>>>;
/** …and takes what posthog-node's takes, returning what its callers can use. */
export type IncompatibleMembers = Expect<NoneLeft<Mismatched<NodeClient, TsClient, Exclude<keyof NodeClient & keyof TsClient, MemberExceptions>>>>;

/** `evaluateFlags()` snapshots: the same members as posthog-node's `FeatureFlagEvaluations`. */
type SnapshotExceptions = ParityException<'snapshot member'>;
export type MissingSnapshotMembers = Expect<NoneLeft<Exclude<keyof Node.FeatureFlagEvaluations, keyof Ts.FeatureFlagEvaluations | SnapshotExceptions>>>;
export type IncompatibleSnapshotMembers = Expect<
  NoneLeft<Mismatched<Node.FeatureFlagEvaluations, Ts.FeatureFlagEvaluations, Exclude<keyof Node.FeatureFlagEvaluations & keyof Ts.FeatureFlagEvaluations, SnapshotExceptions>>>
>;

// ── options ─────────────────────────────────────────────────────────────────────────────────────

type NodeOptions = Required<Node.PostHogOptions>;
type TsOptions = Required<Ts.PostHogOptions>;
type OptionExceptions = ParityException<'option'>;

/** Every option posthog-node accepts is an option here. */
export type MissingOptions = Expect<NoneLeft<Exclude<keyof NodeOptions, keyof TsOptions | OptionExceptions>>>;
/** …and each value posthog-node accepts for it is accepted here. */
export type IncompatibleOptions = Expect<
  NoneLeft<{ [K in Exclude<keyof NodeOptions & keyof TsOptions, OptionExceptions>]: [NodeOptions[K]] extends [TsOptions[K]] ? never : K }[Exclude<keyof NodeOptions & keyof TsOptions, OptionExceptions>]>
>;
/** A posthog-node options object, as written, is a posthog-ts options object. */
export const optionsAreAccepted = (options: Node.PostHogOptions): Ts.PostHogOptions => options as Omit<Node.PostHogOptions, OptionExceptions>;

// ── named value exports of the main entry ───────────────────────────────────────────────────────

type NodeValues = typeof import('posthog-node');
type TsValues = typeof import('../../src/index.js');
type ExportExceptions = ParityException<'export'>;
export type MissingValueExports = Expect<NoneLeft<Exclude<keyof NodeValues, keyof TsValues | ExportExceptions>>>;


// ── package entries ─────────────────────────────────────────────────────────────────────────────

type EntryExceptions = ParityException<'entry export'>;
export type MissingEdgeExports = Expect<NoneLeft<Exclude<keyof typeof import('posthog-node/edge'), keyof typeof import('../../src/edge.js') | ExportExceptions>>>;
export type MissingNestExports = Expect<NoneLeft<Exclude<keyof typeof import('posthog-node/nestjs'), keyof typeof import('../../src/nestjs.js') | EntryExceptions>>>;
export type MissingOtelExports = Expect<NoneLeft<Exclude<keyof typeof import('posthog-node/otel'), keyof typeof import('../../src/otel.js') | EntryExceptions>>>;

// ── integrations take posthog-ts's client where posthog-node's callers pass theirs ──────────────

import type { PostHogInterceptor as TsInterceptor } from '../../src/nestjs.js';
import type { PostHogContextSpanProcessor as TsSpanProcessor } from '../../src/otel.js';
import type * as NodeNest from 'posthog-node/nestjs';

/** Each call below is how a posthog-node program calls the integration, with posthog-ts's client. */
export function integrationCalls(
  ts: typeof import('../../src/index.js'),
  client: TsClient,
  sentry: Node.SentryIntegrationOptions,
  nest: NodeNest.PostHogInterceptorOptions,
  request: Request,
  instrument: Node.InstrumentRequestOptions,
  app: { use: (middleware: never) => unknown },
  Interceptor: typeof TsInterceptor,
  SpanProcessor: typeof TsSpanProcessor,
): unknown[] {
  return [
    ts.sentryIntegration(client, sentry),
    ts.createEventProcessor(client, sentry),
    new ts.PostHogSentryIntegration(client, 'org', 'https://sentry.io/organizations/', ['error', 'fatal'], true),
    ts.instrumentRequest(client, request, () => new Response('ok'), instrument),
    ts.posthogHonoMiddleware(client, { ignore: instrument.ignore }),
    ts.setupExpressErrorHandler(client, app as never),
    ts.setupExpressRequestContext(client, app as never),
    ts.enrichCurrentSpan(client),
    new Interceptor(client, nest),
    new SpanProcessor(client),
    ts.uuidv7(),
    ts.readPostHogCookie(ts.cookieStoreFromHeader('a=b'), 'phc_x'),
  ];
}
