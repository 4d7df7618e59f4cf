// Issue 8, item 9: capture() with a flags snapshot whose values() throws, and flag calls whose
// arguments have throwing getters, return normally and report the error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PostHogValidationError, isPostHogValidationError } from '../../src/base/errors.js';
import type { Recorder } from '../../src/testing/index.js';
import { testClient } from '../helpers/client.js';
import { useRecorder } from '../helpers/recorder.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r), { flags: { beta: true } });

const boom = () => {
  throw new Error('getter boom');
};

describe('capture never throws on hostile input', () => {
  it('a flags snapshot whose values() throws or returns nothing usable: the event is refused naming flags, others are sent', async () => {
    const fields: string[] = [];
    const { client } = testClient(recorder.url, { onError: (e) => fields.push(isPostHogValidationError(e) ? e.field : e.message) });
    const results = [
      client.capture({ distinctId: 'u', event: 'throws', flags: { values: boom } }),
      client.capture({ distinctId: 'u', event: 'null', flags: { values: () => null as never } }),
      client.capture({ distinctId: 'u', event: 'getter', flags: { values: () => ({ get beta(): boolean { return boom(); } }) } }),
      client.capture({ distinctId: 'u', event: 'message getter', get properties(): Record<string, unknown> { return boom(); } }),
    ];
    client.capture({ distinctId: 'u', event: 'fine', flags: { values: () => ({ beta: true }) } });
    await client.flush();
    assert.deepEqual(results, [undefined, undefined, undefined, undefined]);
    assert.deepEqual(fields, ['flags', 'flags', 'flags', 'getter boom']);
    assert.deepEqual(recorder.events.map((e) => [e.event, e.properties['$feature/beta']]), [['fine', true]]);
    await client.shutdown();
  });

  it('in strict mode the same input throws the validation error (reported once)', async () => {
    const errors: unknown[] = [];
    const { client } = testClient(recorder.url, { strict: true, onError: (e) => errors.push(e) });
    assert.throws(() => client.capture({ distinctId: 'u', event: 'x', flags: { values: boom } }), PostHogValidationError);
    assert.throws(() => client.capture({ distinctId: '', event: 'x' }), PostHogValidationError);
    assert.equal(errors.length, 2);
    await client.shutdown();
  });
});

describe('flag calls never throw or reject on hostile arguments', () => {
  it('throwing getters on the request object or options: each call resolves to its empty value and the error is logged', async () => {
    const { client, logger } = testClient(recorder.url);
    const badRequest = { get key(): string { return boom(); }, distinctId: 'u' };
    const badOptions = { get personProperties(): Record<string, unknown> { return boom(); } };
    const badEnabled = { get defaultValue(): boolean { return boom(); } };
    const answers = await Promise.all([
      client.getFeatureFlag(badRequest),
      client.getFeatureFlag('beta', 'u', badOptions),
      client.isFeatureEnabled('no-such-flag', 'u', badEnabled),
      client.getFeatureFlagPayload('beta', 'u', undefined, badOptions),
      client.getFeatureFlagResult(badRequest),
      client.getAllFlags({ get distinctId(): string { return boom(); } }),
      client.getAllFlagsAndPayloads('u', badOptions),
    ]);
    assert.deepEqual(answers, [undefined, undefined, undefined, undefined, undefined, {}, { featureFlags: {}, featureFlagPayloads: {} }]);
    assert.deepEqual((await client.evaluateFlags('u', badOptions)).keys, []);
    assert.equal(logger.matching(/failed: Error: getter boom/).length, 8);
    await client.shutdown();
  });
});
