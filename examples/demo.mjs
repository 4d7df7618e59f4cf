// The posthog-go README's examples, in TypeScript's runtime form, against a local PostHog stand-in.
// Set POSTHOG_API_KEY (and POSTHOG_HOST) to send to a real PostHog instead.
import { Groups, PostHog, Properties } from '../dist/esm/index.js';
import { startRecorder } from '../dist/esm/testing/index.js';

const live = Boolean(process.env.POSTHOG_API_KEY);
const recorder = live
  ? undefined
  : await startRecorder({
      flags: { 'flag-key': true, 'multivariate-flag': 'variant-b', 'beta-feature': false },
      payloads: { 'multivariate-flag': { headline: 'Try the new checkout' } },
    });
const host = live ? (process.env.POSTHOG_HOST ?? 'https://us.i.posthog.com') : recorder.url;
const posthog = new PostHog(live ? process.env.POSTHOG_API_KEY : 'phc_demo_project_key', { host, flushAt: 50 });

// Capture, with properties built posthog-go style.
posthog.enqueue({
  type: 'capture',
  distinctId: 'test-user',
  event: 'test-snippet',
  properties: new Properties().set('plan', 'Enterprise').set('friends', 42),
});
// $set and $set_once through event properties.
posthog.capture({ distinctId: 'test-user', event: 'test-snippet', properties: { eventProp: 'value1', $set: { userProp: 'value2' } } });
posthog.capture({ distinctId: 'test-user', event: 'test-snippet', properties: { eventProp: 'value1', $set_once: { userProp: 'value2' } } });
// Identify, alias, page view.
posthog.identify({ distinctId: 'user:123', properties: new Properties().set('email', 'john@doe.com').set('proUser', false) });
posthog.alias({ distinctId: 'user:123', alias: 'session:12345' });
posthog.capture({ distinctId: 'test-user', event: '$pageview', properties: new Properties().set('$current_url', 'https://example.com') });
// Groups.
posthog.capture({ distinctId: '[distinct id]', event: 'some event', groups: new Groups().set('company', '42dlsfj23f') });
posthog.groupIdentify({ groupType: 'company', groupKey: '42dlsfj23f', properties: new Properties().set('name', 'Awesome Inc.').set('employees', 11) });
// A bad call: rejected at the call with an error naming the field; nothing else is affected.
posthog.capture({ distinctId: '', event: 'never sent' });

// Feature flags, both call styles.
const answers = {
  'isFeatureEnabled({ key: "flag-key" })': await posthog.isFeatureEnabled({ key: 'flag-key', distinctId: 'distinct-id' }),
  'getFeatureFlag("multivariate-flag")': await posthog.getFeatureFlag('multivariate-flag', 'distinct-id'),
  'getFeatureFlag with personProperties': await posthog.getFeatureFlag({
    key: 'multivariate-flag',
    distinctId: 'distinct-id',
    personProperties: new Properties().set('is_authorized', true),
  }),
  'getFeatureFlag with groups': await posthog.getFeatureFlag({
    key: 'multivariate-flag',
    distinctId: 'distinct-id',
    groups: { organisation: 'some-company' },
    groupProperties: { organisation: new Properties().set('is_authorized', true) },
  }),
  'getFeatureFlagPayload("multivariate-flag")': await posthog.getFeatureFlagPayload('multivariate-flag', 'distinct-id'),
  'getAllFlags': await posthog.getAllFlags({ distinctId: 'distinct-id' }),
  'isFeatureEnabled("unknown-flag")': await posthog.isFeatureEnabled('unknown-flag', 'distinct-id'),
};

await posthog.shutdown(10_000);

if (recorder) {
  console.log(`\nThe local PostHog (${recorder.url}) received ${recorder.events.length} events in ${recorder.requestsTo('batch').length} batch request(s):\n`);
  for (const e of recorder.events) {
    const { $lib, $lib_version, $is_server, $geoip_disable, ...rest } = e.properties;
    console.log(`  ${e.event.padEnd(22)} distinct_id=${JSON.stringify(e.distinct_id).padEnd(18)} ${JSON.stringify(rest)}`);
  }
  console.log(`\n  (every event also carries $lib=${recorder.events[0]?.properties.$lib} $lib_version, uuid v7 and a UTC timestamp)`);
  console.log(`\n/flags requests: ${recorder.requestsTo('flags').length}`);
  await recorder.close();
}
console.log('\nFlag answers:');
for (const [call, value] of Object.entries(answers)) console.log(`  ${call.padEnd(44)} → ${JSON.stringify(value)}`);
