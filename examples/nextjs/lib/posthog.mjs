// One client per server process, shared by every route handler (Next.js keeps modules loaded
// between requests). On Vercel, pass the platform's waitUntil so each burst of captures is
// flushed after the response without delaying it:
//   import { waitUntil } from '@vercel/functions'
//   new PostHog(key, { waitUntil })
// On the edge runtime import from 'posthog-ts/edge' instead.
import { PostHog } from 'posthog-ts';

export const posthog = new PostHog(process.env.POSTHOG_API_KEY ?? 'phc_example', { host: process.env.POSTHOG_HOST });
