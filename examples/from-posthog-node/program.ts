// A posthog-node 5.70 program that uses every user-facing member of its client. It compiles against
// posthog-node; `test/parity/from-posthog-node.test.ts` changes only the import below to posthog-ts,
// compiles it again and runs it against a local PostHog stand-in.
//
//   node program.js <host>        prints one JSON line: what each call returned
import { FeatureFlagError, PostHog, uuidv7 } from 'posthog-node';

const host = process.argv[2] ?? 'http://127.0.0.1:8010';
const report: Record<string, unknown> = {};

const posthog = new PostHog('phc_example', {
  host,
  personalApiKey: 'phx_example',
  appHost: host,
  flushAt: 50,
  flushInterval: 60_000,
  featureFlagsPollingInterval: 60_000,
  privacyMode: true,
  before_send: (event) => (event?.event === 'dropped by hook' ? null : event),
  metrics: { serviceName: 'example' },
  logs: { serviceName: 'example' },
  traces: { serviceName: 'example' },
});

const errors: unknown[] = [];
const stopListening = posthog.on('error', (error) => errors.push(error));
const queued: string[] = [];
posthog.on('capture', (event) => queued.push(event.event));

// Library and configuration.
report.library = [posthog.getLibraryId(), posthog.getLibraryVersion() !== '', posthog.getCustomUserAgent() !== ''];
report.config = [posthog.privacyMode, posthog.enableFullAiCapture, posthog.isDisabled, posthog.isDebug, posthog.optedOut];
posthog.debug(false);

// Feature flags: definitions, reads, snapshot, overrides, remote config.
report.ready = await posthog.waitForLocalEvaluationReady(5_000);
report.localReady = posthog.isLocalEvaluationReady();
await posthog.reloadFeatureFlags();
report.runtime = [posthog.getFeatureFlagEvaluationRuntime('local-flag'), posthog.getFeatureFlagKeysByEvaluationRuntime('server')];
report.flag = await posthog.getFeatureFlag('local-flag', 'user-1');
report.enabled = await posthog.isFeatureEnabled('remote-flag', 'user-1', { personProperties: { plan: 'pro' } });
report.payload = await posthog.getFeatureFlagPayload('remote-flag', 'user-1');
report.result = (await posthog.getFeatureFlagResult('remote-flag', 'user-1'))?.enabled;
report.all = await posthog.getAllFlags('user-1');
report.allAndPayloads = Object.keys((await posthog.getAllFlagsAndPayloads('user-1')).featureFlags ?? {}).sort();
const flags = await posthog.evaluateFlags('user-1', { flagKeys: ['local-flag', 'remote-flag'] });
report.snapshot = [flags.isEnabled('local-flag'), flags.getFlag('remote-flag'), flags.keys.length, flags.only(['local-flag']).keys];
posthog.overrideFeatureFlags({ flags: { 'forced-flag': 'variant-a' }, payloads: { 'forced-flag': { discount: 20 } } });
report.overridden = [await posthog.getFeatureFlag('forced-flag', 'user-1'), await posthog.getFeatureFlagPayload('forced-flag', 'user-1')];
posthog.overrideFeatureFlags(false);
report.remoteConfig = await posthog.getRemoteConfigPayload('remote-config');
report.flagError = FeatureFlagError.FLAG_MISSING;

// Events, queued.
posthog.capture({ distinctId: 'user-1', event: 'order placed', properties: { total: 42 }, groups: { company: 'acme' }, uuid: uuidv7() });
posthog.capture({ distinctId: 'user-1', event: 'with flags', flags: flags.onlyAccessed() });
posthog.capture({ distinctId: 'user-1', event: 'dropped by hook' });
posthog.identify({ distinctId: 'user-1', properties: { email: 'ada@example.com' } });
posthog.alias({ distinctId: 'user-1', alias: 'anonymous-42' });
posthog.groupIdentify({ groupType: 'company', groupKey: 'acme', properties: { name: 'Acme' } });
posthog.setPersonProperties({ distinctId: 'user-1', properties: { plan: 'pro' }, propertiesOnce: { first_seen: '2026-01-01' } });
posthog.unsetPersonProperties({ distinctId: 'user-1', properties: ['legacy_plan'] });
report.aiUuid = typeof posthog.captureAi({ distinctId: 'user-1', event: '$ai_generation', properties: { $ai_model: 'model' } });
posthog.captureException(new Error('caught'), 'user-1', { route: '/pay' });
await posthog.register({ service: 'billing' });
await posthog.unregister('service');

// Events, sent at once.
await posthog.captureImmediate({ distinctId: 'user-1', event: 'sent now' });
await posthog.identifyImmediate({ distinctId: 'user-2', properties: { email: 'grace@example.com' } });
await posthog.aliasImmediate({ distinctId: 'user-2', alias: 'anonymous-43' });
await posthog.groupIdentifyImmediate({ groupType: 'company', groupKey: 'initech' });
await posthog.captureExceptionImmediate(new Error('caught now'), 'user-2');
report.aiImmediate = typeof (await posthog.captureAiImmediate({ distinctId: 'user-2', event: '$ai_trace' }));

// Request context.
await posthog.withContext({ distinctId: 'context-user', properties: { tenant: 'acme' } }, async () => {
  posthog.capture({ event: 'in context' });
  report.context = posthog.getContext()?.distinctId;
});
await new Promise<void>((resolve) =>
  setImmediate(() => {
    posthog.enterContext({ distinctId: 'entered-user' });
    posthog.capture({ event: 'entered context' });
    resolve();
  }),
);

// Opt out and back in.
await posthog.optOut();
posthog.capture({ distinctId: 'user-1', event: 'while opted out' });
report.optedOut = posthog.optedOut;
await posthog.optIn();
await posthog.disable();
await posthog.enable();

// Metrics and emails.
posthog.metrics.count('orders', 1, { attributes: { plan: 'pro' } });
posthog.metrics.histogram('latency', 120, { unit: 'ms' });
await posthog.metrics.flush();
const sent = await posthog.emails.send({ to: 'ada@example.com', templateId: '0190f6d2-7c1e-7b3a-9f5e-1c2d3e4f5a6b', distinctId: 'user-1' });
report.email = sent.data?.id ?? sent.error?.code;

// Logs and traces (OTLP).
posthog.captureLog({ body: 'payment failed', level: 'error', attributes: { code: 'E001' } });
posthog.logger.info('checkout completed', { order_id: 'ord_789' });
const span = posthog.startSpan('checkout', { attributes: { plan: 'pro' } });
span.setAttribute('cart.items', 3);
span.end();
report.traceparent = await posthog.withSpan('POST /checkout', { attributes: { route: '/checkout' } }, async () => posthog.getActiveSpan()?.traceparent() ?? null);

await posthog.flush();
report.queued = queued;
stopListening();
await posthog.shutdown(5_000);
report.errors = errors.length;
console.log(JSON.stringify(report));
