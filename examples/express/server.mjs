// Express: every request runs in a PostHog request context (the X-PostHog-Distinct-Id and
// X-PostHog-Session-Id headers, the URL, method, user agent and IP), and errors a route throws are
// reported as $exception before Express answers. Stops cleanly on SIGTERM / SIGINT.
// Run: npm i posthog-ts express && POSTHOG_API_KEY=phc_... node server.mjs
import express from 'express';
import { PostHog, posthogExpress, setupExpressErrorHandler } from 'posthog-ts';

const posthog = new PostHog(process.env.POSTHOG_API_KEY ?? 'phc_example', { host: process.env.POSTHOG_HOST });

const app = express();
app.use(posthogExpress(posthog));

app.post('/checkout', async (_request, response) => {
  // No distinct id: inside the request context the header's user is used.
  posthog.capture({ event: 'checkout started', properties: { cart_size: 3 } });
  const flow = await posthog.getFeatureFlag('checkout-flow');
  response.json({ flow: flow ?? 'classic' });
});

app.get('/fail', () => {
  throw new Error('card declined');
});

// After the routes: report what they throw, then let Express (or your own handler) answer.
setupExpressErrorHandler(posthog, app);

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => server.close(() => posthog.shutdown(5000)));
}
