// Contract: local-feature-flag-evaluator (PostHog/sdk-specs openspec/specs/local-feature-flag-evaluator).
// The operator table, consistency vectors and whole-flag cases live in test/flags/; these are the
// contract's requirements as the client shows them.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { DefinitionsPayload } from '../../src/flags/definitions/payload.js';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), { flags: { weird: 'from-server', 'needs-cohort': true } });

const definitions: DefinitionsPayload = {
  flags: [
    { key: 'plain', active: true, filters: { groups: [{ rollout_percentage: 100 }] } },
    { key: 'weird', active: true, filters: { groups: [{ properties: [{ key: 'x', value: 1, operator: 'not_an_operator', type: 'person' }], rollout_percentage: 100 }] } },
    { key: 'needs-cohort', active: true, filters: { groups: [{ properties: [{ key: 'id', value: 99, type: 'cohort' }], rollout_percentage: 100 }] } },
    { key: 'depends', active: true, filters: { groups: [{ properties: [{ key: 'plain', value: true, operator: 'flag_evaluates_to', type: 'flag', dependency_chain: ['plain'] }], rollout_percentage: 100 }] } },
    { key: 'inactive', active: false, filters: { groups: [{ rollout_percentage: 100 }] } },
  ],
  cohorts: {},
};

const forUser123 = [{ key: 'distinct_id', value: ['user-123'], operator: 'exact', type: 'person' }];
const SPEC_FLAGS: DefinitionsPayload = {
  flags: [
    { key: 'beta-ui', active: true, filters: { groups: [{ properties: forUser123, rollout_percentage: 100 }] } },
    {
      key: 'checkout',
      active: true,
      filters: {
        groups: [{ properties: forUser123, rollout_percentage: 100, variant: 'blue' }],
        multivariate: { variants: [{ key: 'blue', rollout_percentage: 50 }, { key: 'red', rollout_percentage: 50 }] },
        payloads: { blue: '{"copy":"new"}' },
      },
    },
    {
      key: 'company-beta',
      active: true,
      filters: { aggregation_group_type_index: 0, groups: [{ properties: [{ key: 'plan', value: ['enterprise'], operator: 'exact', type: 'group', group_type_index: 0 }], rollout_percentage: 100 }] },
    },
    { key: 'enterprise-ui', active: true, filters: { groups: [{ properties: [{ key: 'email', value: 'admin@', operator: 'starts_with', type: 'person' }], rollout_percentage: 100 }] } },
    { key: 'future-op-flag', active: true, filters: { groups: [{ properties: [{ key: 'plan', value: 'enterprise', operator: 'semantically_close_to', type: 'person' }], rollout_percentage: 100 }] } },
    { key: 'fractional-rollout', active: true, filters: { groups: [{ properties: [], rollout_percentage: 0.1 }] } },
    { key: 'boundary-rollout', active: true, filters: { groups: [{ properties: [], rollout_percentage: 100.0 }] } },
    { key: 'zero-rollout', active: true, filters: { groups: [{ properties: [], rollout_percentage: 0.0 }] } },
  ],
  group_type_mapping: { '0': 'company' },
};

/** A client evaluating SPEC_FLAGS locally; the recorder answers whatever falls back to /flags. */
function localClient() {
  return testClient(recorder.url, { flagDefinitions: SPEC_FLAGS, sendFeatureFlagEvent: false });
}
const LOCAL = { onlyEvaluateLocally: true } as const;
const askedKeys = () => recorder.requestsTo('flags').map((r) => (r.body as { flag_keys_to_evaluate?: string[] }).flag_keys_to_evaluate);

/** 0xfffffffffffffff (15 hex digits) as the double it rounds to. */
const LONG_SCALE = 2 ** 60;
/** The rollout bucket of `distinctId` for `key`, computed here from the published algorithm (SHA-1 of "key.id"). */
function bucket(key: string, distinctId: string): number {
  return Number.parseInt(createHash('sha1').update(`${key}.${distinctId}`).digest('hex').slice(0, 15), 16) / LONG_SCALE;
}
/** The first `user-<n>` whose bucket satisfies `accept`. */
function userWhere(key: string, accept: (b: number) => boolean): string {
  for (let n = 0; ; n++) if (accept(bucket(key, `user-${n}`))) return `user-${n}`;
}

describe('local-feature-flag-evaluator: spec scenarios', () => {
  it('Evaluator returns true for a matching active boolean flag', async () => {
    const { client } = localClient();
    assert.equal(await client.getFeatureFlag('beta-ui', 'user-123', LOCAL), true);
    assert.equal(await client.getFeatureFlag('beta-ui', 'user-456', LOCAL), false);
    assert.equal(recorder.requests.length, 0);
    await client.shutdown();
  });

  it('Evaluator returns a variant for a matching multivariate flag', async () => {
    const { client } = localClient();
    assert.equal(await client.getFeatureFlag('checkout', 'user-123', LOCAL), 'blue');
    assert.equal(recorder.requests.length, 0);
    await client.shutdown();
  });

  it('Evaluator signals remote fallback when required context is missing (here: the group properties the condition reads; a group flag called with no group at all is false locally, as in posthog-node)', async () => {
    recorder.serveFlags({ 'company-beta': true });
    const { client } = localClient();
    const withoutProperties = { groups: { company: 'company-123' } };
    assert.equal(await client.getFeatureFlagResult('company-beta', 'user-123', { ...withoutProperties, ...LOCAL }), undefined, 'inconclusive locally');
    assert.equal(recorder.requests.length, 0);
    assert.equal(await client.getFeatureFlag('company-beta', 'user-123', withoutProperties), true, 'answered by /flags');
    assert.deepEqual(askedKeys(), [['company-beta']]);
    // With the properties given it is decided locally; with no group at all it is false locally.
    assert.equal(await client.getFeatureFlag('company-beta', 'user-123', { ...withoutProperties, groupProperties: { company: { plan: 'enterprise' } }, ...LOCAL }), true);
    assert.equal(await client.getFeatureFlag('company-beta', 'user-123', LOCAL), false);
    await client.shutdown();
  });

  it('Evaluator resolves payload from the matched value', async () => {
    const { client } = localClient();
    assert.deepEqual(await client.getFeatureFlagPayload('checkout', 'user-123', undefined, LOCAL), { copy: 'new' });
    const result = await client.getFeatureFlagResult('checkout', 'user-123', LOCAL);
    assert.deepEqual([result?.variant, result?.payload, result?.locallyEvaluated], ['blue', { copy: 'new' }, true]);
    assert.equal(recorder.requests.length, 0);
    await client.shutdown();
  });

  it('A starts_with filter matches locally', async () => {
    const { client } = localClient();
    assert.equal(await client.getFeatureFlag('enterprise-ui', 'user-123', { personProperties: { email: 'Admin@Example.com' }, ...LOCAL }), true);
    assert.equal(await client.getFeatureFlag('enterprise-ui', 'user-123', { personProperties: { email: 'user@admin.example' }, ...LOCAL }), false);
    assert.equal(recorder.requests.length, 0);
    await client.shutdown();
  });

  it('A starts_with filter is inconclusive when the property is missing', async () => {
    recorder.serveFlags({ 'enterprise-ui': false });
    const { client } = localClient();
    assert.equal(await client.getFeatureFlagResult('enterprise-ui', 'user-123', LOCAL), undefined);
    assert.equal(recorder.requests.length, 0);
    assert.equal(await client.getFeatureFlag('enterprise-ui', 'user-123'), false, 'deferred to /flags');
    assert.deepEqual(askedKeys(), [['enterprise-ui']]);
    await client.shutdown();
  });

  it('An unrecognized operator defers only that flag to remote evaluation', async () => {
    recorder.serveFlags({ 'future-op-flag': 'from-server' });
    const { client } = localClient();
    assert.equal(await client.getFeatureFlagResult('future-op-flag', 'user-123', { personProperties: { plan: 'enterprise' }, ...LOCAL }), undefined, 'inconclusive, not an error');
    assert.equal(await client.getFeatureFlag('future-op-flag', 'user-123', { personProperties: { plan: 'enterprise' } }), 'from-server');
    assert.deepEqual(askedKeys(), [['future-op-flag']]);
    await client.shutdown();
  });

  it('Other flags keep evaluating locally despite one unrecognized operator', async () => {
    const { client } = localClient();
    const all = await client.getAllFlags('user-123', LOCAL);
    assert.equal('future-op-flag' in all, false, 'inconclusive for future-op-flag');
    assert.equal(all['beta-ui'], true);
    assert.equal(all.checkout, 'blue');
    assert.equal(await client.getFeatureFlag('beta-ui', 'user-123', LOCAL), true);
    assert.equal(recorder.requests.length, 0);
    await client.shutdown();
  });

  it('A fractional rollout percentage matches only the intended bucket', async () => {
    const inside = userWhere('fractional-rollout', (b) => b <= 0.001);
    // Outside 0.1% but inside 1%: a value rounded up to 1 would let it in.
    const outside = userWhere('fractional-rollout', (b) => b > 0.001 && b <= 0.01);
    const { client } = localClient();
    assert.equal(await client.getFeatureFlag('fractional-rollout', inside, LOCAL), true, `${inside} is inside the 0.1% bucket`);
    assert.equal(await client.getFeatureFlag('fractional-rollout', outside, LOCAL), false, `${outside} is outside it`);
    await client.shutdown();
  });

  it('Rollout percentage boundaries keep behaving after widening to a float', async () => {
    const { client } = localClient();
    const ids = ['user-123', userWhere('boundary-rollout', (b) => b > 0.999), userWhere('zero-rollout', (b) => b < 0.001), ''.padEnd(40, 'z')];
    for (const id of ids) {
      assert.equal(await client.getFeatureFlag('boundary-rollout', id, LOCAL), true, `100.0 for ${id}`);
      assert.equal(await client.getFeatureFlag('zero-rollout', id, LOCAL), false, `0.0 for ${id}`);
    }
    await client.shutdown();
  });
});

describe('local-feature-flag-evaluator', () => {
  it('evaluates locally without any request when it can decide', async () => {
    const { client } = testClient(recorder.url, { flagDefinitions: definitions, sendFeatureFlagEvent: false });
    assert.equal(await client.getFeatureFlag('plain', 'u'), true);
    assert.equal(await client.getFeatureFlag('depends', 'u'), true);
    assert.equal(await client.getFeatureFlag('inactive', 'u'), false);
    assert.equal(recorder.requests.length, 0);
    await client.shutdown();
  });

  it('an unknown operator is inconclusive for that flag only, which falls back to /flags', async () => {
    const { client } = testClient(recorder.url, { flagDefinitions: definitions, sendFeatureFlagEvent: false });
    const all = await client.getAllFlags('u', { personProperties: { x: 1 } });
    assert.equal(all.weird, 'from-server');
    assert.equal(all.plain, true);
    const asked = recorder.requestsTo('flags').map((r) => (r.body as { flag_keys_to_evaluate: string[] }).flag_keys_to_evaluate);
    assert.deepEqual(asked, [['weird', 'needs-cohort']]);
    await client.shutdown();
  });

  it('a cohort the definitions do not hold (static) needs the server', async () => {
    const { client } = testClient(recorder.url, { flagDefinitions: definitions, sendFeatureFlagEvent: false });
    const result = await client.getFeatureFlagResult('needs-cohort', 'u', { onlyEvaluateLocally: true });
    assert.equal(result, undefined);
    assert.equal(await client.getFeatureFlag('needs-cohort', 'u'), true);
    await client.shutdown();
  });

  it('onlyEvaluateLocally: an undecidable flag has no value and nothing is asked', async () => {
    const { client } = testClient(recorder.url, { flagDefinitions: definitions, sendFeatureFlagEvent: false });
    assert.equal(await client.getFeatureFlag('weird', 'u', { onlyEvaluateLocally: true }), undefined);
    assert.equal(recorder.requests.length, 0);
    await client.shutdown();
  });

  it('locally decided reads say locally_evaluated: true', async () => {
    const { client } = testClient(recorder.url, { flagDefinitions: definitions });
    await client.getFeatureFlag('plain', 'u');
    await client.flush();
    const [event] = recorder.events.filter((e) => e.event === '$feature_flag_called');
    assert.equal(event.properties.locally_evaluated, true);
    await client.shutdown();
  });
});
