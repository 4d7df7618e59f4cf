// Issue 8, items 10 and 11: the personal API key cannot be read back from the client (options,
// util.inspect, JSON) yet still reaches the definitions endpoint; an http:// host that is not
// loopback gets one warning when a personal key would be sent to it.
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describe, it } from 'node:test';
import { maskKey } from '../../src/base/secret.js';
import type { DefinitionsPayload } from '../../src/flags/definitions/payload.js';
import type { Recorder } from '../../src/testing/index.js';
import { testClient } from '../helpers/client.js';
import { useRecorder } from '../helpers/recorder.js';

const SECRET = 'SuperSecretPart_7c1f';
const KEY = `phx_${SECRET}`;
const definitions = { flags: [{ id: 1, key: 'beta', active: true, filters: { groups: [{ properties: [], rollout_percentage: 100 }] } }] } as DefinitionsPayload;

let recorder: Recorder;
useRecorder((r) => (recorder = r), { definitions, personalApiKey: KEY });

describe('the personal API key is not readable from the client', () => {
  it('options and util.inspect show phx_… while the definitions request still carries the key', async () => {
    const { client, logger } = testClient(recorder.url, { personalApiKey: `  ${KEY} `, debug: true });
    await client.reloadFeatureFlags();
    assert.equal(client.isLocalEvaluationReady(), true, 'the key works');
    assert.equal(recorder.requestsTo('definitions')[0].headers.authorization, `Bearer ${KEY}`);
    assert.equal(client.options.personalApiKey, 'phx_…');
    const shown = inspect(client, { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: true });
    assert.ok(!shown.includes(SECRET), 'util.inspect shows no part of the key');
    assert.ok(shown.includes('phx_…'));
    assert.ok(!JSON.stringify(client.options).includes(SECRET));
    assert.ok(!logger.lines.some((l) => l.message.includes(SECRET)));
    await client.shutdown();
  });
});

describe('plain http:// with a personal key', () => {
  /** A remote-looking host served by the recorder, so no name is looked up on the network. */
  const remote = 'http://posthog.internal.example';
  const viaRecorder: typeof fetch = (input, init) => fetch(String(input).replace(remote, recorder.url), init);
  const insecure = (lines: Array<{ level: string; message: string }>) => lines.filter((l) => l.level === 'warn' && l.message.includes('unencrypted'));

  it('warns once, naming the host and the masked key, never the key', async () => {
    const { client, logger } = testClient(remote, { personalApiKey: KEY, fetch: viaRecorder });
    await client.reloadFeatureFlags();
    await client.getFeatureFlag('beta', 'u');
    const warnings = insecure(logger.lines);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0].message, /http:\/\/posthog\.internal\.example.*phx_…/);
    assert.ok(!warnings[0].message.includes(SECRET));
    await client.shutdown();
  });

  it('says nothing for loopback, https, or without a personal key', async () => {
    const clients = [
      testClient(recorder.url, { personalApiKey: KEY }),
      testClient('http://localhost:9', { personalApiKey: KEY, disabled: true }),
      testClient('http://[::1]:9', { personalApiKey: KEY, featureFlagsPollingInterval: 600_000 }),
      testClient('https://posthog.internal.example', { personalApiKey: KEY, fetch: viaRecorder }),
      testClient(remote, { fetch: viaRecorder }),
    ];
    for (const { logger } of clients) assert.deepEqual(insecure(logger.lines), []);
    await Promise.all(clients.map(({ client }) => client.shutdown()));
  });
});

describe('maskKey', () => {
  it('keeps a prefix of 2-4 ASCII letters and an underscore, in either case, and nothing else of the key', () => {
    const keys = ['phx_abc', 'phs_x', 'PHX_abc', 'pHc_', 'ab_cd', 'abcd_e', 'abcde_f', 'a_b', '_abc', 'ph1_abc', 'phx', 'phx-abc', '', 'é_abc', 'phé_x', 'abc__', 'ph_x_y', SECRET, KEY];
    for (const key of keys) {
      // The rule as a regular expression, for comparison.
      const prefix = /^[a-z]{2,4}_/i.exec(key)?.[0] ?? '';
      assert.equal(maskKey(key), `${prefix}…`, key);
    }
    assert.equal(maskKey(KEY), 'phx_…');
    assert.equal(maskKey(SECRET), '…');
  });
});
