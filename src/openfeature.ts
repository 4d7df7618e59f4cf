/**
 * posthog-ts as an OpenFeature server provider (`@openfeature/server-sdk`, an optional peer
 * dependency): `new PostHogProvider(posthog)` on a client from `posthog-ts` or `posthog-ts/edge`.
 * @packageDocumentation
 */
export { PostHogProvider, type PostHogProviderOptions } from './integrations/openfeature/provider.js';
