import type { CaptureMessage } from '../messages/message.js';

/** What the Sentry integration uses of the client. */
export interface SentryIntegrationClient {
  readonly host: string;
  readonly apiKey: string;
  /** Queues an event (the `$exception`). */
  capture(message: CaptureMessage): unknown;
}

/** A Sentry (v8+) integration object. */
export interface PostHogSentryIntegrationObject {
  /** The integration's name in Sentry. */
  name: string;
  /** Sentry calls it with every event before sending it. */
  processEvent(event: SentryEvent): SentryEvent;
}

/** Sentry severity levels. */
export type SeverityLevel = 'fatal' | 'error' | 'warning' | 'log' | 'info' | 'debug';

/** Options of {@link sentryIntegration} (posthog-node's `SentryIntegrationOptions`). */
export type SentryIntegrationOptions = {
  /** Your Sentry organization slug, for a link back to the Sentry issue (with `projectId`). */
  organization?: string;
  /** Your Sentry project id. */
  projectId?: number;
  /** Base of the Sentry link. @default 'https://sentry.io/organizations/' */
  prefix?: string;
  /** Levels that are processed (`'*'` for all). @default ['error'] */
  severityAllowList?: SeverityLevel[] | '*';
  /** Send each processed Sentry event to PostHog as a `$exception`. @default true */
  sendExceptionsToPostHog?: boolean;
};

/** A Sentry event (Sentry's own types are not a dependency: events and hubs are read structurally). */
// biome-ignore lint/suspicious/noExplicitAny: Sentry events are open-ended objects, as in posthog-node.
export type SentryEvent = any;

/** The Sentry tag naming the PostHog distinct id of the user an event is about. */
const POSTHOG_ID_TAG = 'posthog_distinct_id';
const NAME = 'posthog-node';

/**
 * A Sentry event processor (posthog-node's `createEventProcessor`): for a Sentry event of an allowed
 * level whose `posthog_distinct_id` tag names a user, adds a `PostHog Person URL` tag and sends the
 * exception to PostHog as `$exception` (Sentry's exception list as `$exception_list`, with
 * `$sentry_event_id`, `$sentry_tags` and a link back to Sentry when configured). The event passes on.
 */
export function createEventProcessor(client: SentryIntegrationClient, options: SentryIntegrationOptions = {}): (event: SentryEvent) => SentryEvent {
  const { organization, projectId, prefix, severityAllowList = ['error'], sendExceptionsToPostHog = true } = options;
  return (event) => {
    if (event === null || typeof event !== 'object') return event;
    if (severityAllowList !== '*' && !severityAllowList.includes(event.level)) return event;
    event.tags ??= {};
    const userId = event.tags[POSTHOG_ID_TAG];
    if (userId === undefined) return event;
    event.tags['PostHog Person URL'] = new URL(`/project/${client.apiKey}/person/${userId}`, client.host || 'https://us.i.posthog.com').toString();
    const exceptions: SentryEvent[] = event.exception?.values ?? [];
    const properties: Record<string, unknown> = {
      $exception_message: exceptions[0]?.value || event.message,
      $exception_type: exceptions[0]?.type,
      $exception_level: event.level,
      $exception_list: exceptions.map((exception) => ({
        ...exception,
        stacktrace: exception.stacktrace
          ? { ...exception.stacktrace, type: 'raw', frames: (exception.stacktrace.frames ?? []).map((frame: SentryEvent) => ({ ...frame, platform: 'node:javascript' })) }
          : undefined,
      })),
      $sentry_event_id: event.event_id,
      $sentry_exception: event.exception,
      $sentry_exception_message: exceptions[0]?.value || event.message,
      $sentry_exception_type: exceptions[0]?.type,
      $sentry_tags: event.tags,
    };
    if (organization && projectId) {
      properties.$sentry_url = `${prefix || 'https://sentry.io/organizations/'}${organization}/issues/?project=${projectId}&query=${event.event_id}`;
    }
    if (sendExceptionsToPostHog) {
      try {
        client.capture({ event: '$exception', distinctId: String(userId), properties });
      } catch {
        // Never let PostHog break Sentry's pipeline.
      }
    }
    return event;
  };
}

/**
 * The PostHog integration for Sentry SDK v8 and later (posthog-node's `sentryIntegration`).
 * @example Sentry.init({ dsn, integrations: [sentryIntegration(posthog, { organization: 'acme', projectId: 42 })] })
 * // then tag events with the user: Sentry.setTag('posthog_distinct_id', 'user-1')
 */
export function sentryIntegration(client: SentryIntegrationClient, options?: SentryIntegrationOptions): PostHogSentryIntegrationObject {
  const processor = createEventProcessor(client, options);
  return { name: NAME, processEvent: (event) => processor(event) };
}

/**
 * The PostHog integration for Sentry SDK v7 (`setupOnce` with a global event processor), as
 * posthog-node's `PostHogSentryIntegration`.
 * @example Sentry.init({ dsn, integrations: [new PostHogSentryIntegration(posthog, 'acme')] })
 */
export class PostHogSentryIntegration {
  readonly name = NAME;
  /** The Sentry tag that names the PostHog distinct id. */
  static readonly POSTHOG_ID_TAG = POSTHOG_ID_TAG;
  /** Sentry v7 calls it once: it installs the event processor. */
  setupOnce: (addGlobalEventProcessor: (callback: (event: SentryEvent) => SentryEvent) => void, getCurrentHub: () => SentryEvent) => void;

  constructor(client: SentryIntegrationClient, organization?: string, prefix?: string, severityAllowList?: SeverityLevel[] | '*', sendExceptionsToPostHog?: boolean) {
    this.setupOnce = (addGlobalEventProcessor, getCurrentHub) => {
      const projectId = getCurrentHub()?.getClient()?.getDsn()?.projectId;
      addGlobalEventProcessor(createEventProcessor(client, { organization, projectId, prefix, severityAllowList, sendExceptionsToPostHog: sendExceptionsToPostHog ?? true }));
    };
  }
}
