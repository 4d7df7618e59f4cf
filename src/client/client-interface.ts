import type { PostHogClient } from './posthog.js';

/** The public surface of the client as an object type (posthog-node's `IPostHog`): for test doubles and wrappers. */
export type IPostHog = Pick<PostHogClient, keyof PostHogClient>;
