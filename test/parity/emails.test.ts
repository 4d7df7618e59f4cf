// posthog-node's `emails`: send, get and setPreferences through PostHog's app API.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EmailError } from '../../src/index.js';
import type { Recorder } from '../../src/testing/index.js';
import { useRecorder } from '../helpers/recorder.js';
import { testClient } from '../helpers/client.js';

let recorder: Recorder;
useRecorder((r) => (recorder = r));

const TEMPLATE = '0190f6d2-7c1e-7b3a-9f5e-1c2d3e4f5a6b';
const MESSAGE = '0190f6d2-0000-7000-8000-000000000001';
const emailClient = (options = {}) => testClient(recorder.url, { appHost: recorder.url, secretKey: 'phs_secret', enableLocalEvaluation: false, ...options }).client;

describe('emails', () => {
  it('send: one POST with the secret key and an idempotency key; resolves the message id', async () => {
    recorder.setFaultPolicy('other', () => ({ status: 200, body: { message_id: MESSAGE, replayed: false, warnings: [{ code: 'w', detail: 'careful' }] } }));
    const client = emailClient();
    const { data, error } = await client.emails.send({ to: 'ada@example.com', templateId: TEMPLATE, templateData: { name: 'Ada' }, distinctId: 'user-1', idempotencyKey: 'welcome:1' });
    assert.equal(error, null);
    assert.deepEqual(data, { id: MESSAGE, replayed: false, warnings: [{ code: 'w', message: 'careful', fix: undefined }] });
    const [request] = recorder.requestsTo('other');
    assert.equal(request.path, '/api/projects/@current/messaging/send/email/');
    assert.equal(request.headers.authorization, 'Bearer phs_secret');
    assert.equal(request.headers['idempotency-key'], 'welcome:1');
    assert.deepEqual(request.body, { template_id: TEMPLATE, message_data: { name: 'Ada' }, distinct_id: 'user-1', to: 'ada@example.com' });
    await client.shutdown();
  });

  it('a bad form is refused before any request, with an EmailError naming the field', async () => {
    const client = emailClient();
    const { data, error } = await client.emails.send({ to: '', templateId: TEMPLATE });
    assert.equal(data, null);
    assert.ok(error instanceof EmailError);
    assert.deepEqual([error.code, error.name, error.field], ['invalid_recipient', 'validation_error', 'to']);
    const mixed = await client.emails.send({ to: 'a@b.c', templateId: TEMPLATE, subject: 'x' } as never);
    assert.equal(mixed.error?.code, 'invalid_form');
    assert.equal(recorder.requests.length, 0);
    await client.shutdown();
  });

  it('retries a 503 with the same idempotency key, then resolves', async () => {
    recorder.inject('other', { status: 503, body: { code: 'unavailable' } });
    recorder.setFaultPolicy('other', () => ({ status: 200, body: { message_id: MESSAGE } }));
    const client = emailClient();
    const { data } = await client.emails.send({ to: 'a@b.c', templateKey: 'welcome', subject: 'Hi', text: 'Hello' });
    assert.equal(data?.id, MESSAGE);
    const keys = recorder.requestsTo('other').map((r) => r.headers['idempotency-key']);
    assert.equal(keys.length, 2);
    assert.equal(keys[0], keys[1]);
    await client.shutdown();
  });

  it('get and setPreferences read PostHog\'s answers; errors name their kind', async () => {
    recorder.setFaultPolicy('other', (request) =>
      request.path.includes('/messaging/emails/')
        ? { status: 200, body: { id: MESSAGE, status: 'delivered', created_at: '2026-01-01', status_at: '2026-01-02', reason: null } }
        : { status: 403, body: { code: 'permission_denied', detail: 'no scope' } },
    );
    const client = emailClient();
    assert.equal((await client.emails.get(MESSAGE)).data?.status, 'delivered');
    const refused = await client.emails.setPreferences({ to: 'a@b.c', topics: { news: false } });
    assert.deepEqual([refused.error?.name, refused.error?.statusCode, refused.error?.message], ['invalid_permission', 403, 'no scope']);
    assert.deepEqual(recorder.requestsTo('other')[1].body, { identifier: 'a@b.c', topics: { news: false } });
    await client.shutdown();
  });

  it('without a secret key, disabled, or after shutdown: an error, and nothing sent', async () => {
    const keyless = testClient(recorder.url, { appHost: recorder.url }).client;
    assert.equal((await keyless.emails.send({ to: 'a@b.c', templateId: TEMPLATE })).error?.code, 'missing_secret_key');
    const disabled = emailClient({ disabled: true });
    assert.equal((await disabled.emails.send({ to: 'a@b.c', templateId: TEMPLATE })).error?.code, 'client_disabled');
    const closed = emailClient();
    await closed.shutdown();
    assert.equal((await closed.emails.get(MESSAGE)).error?.code, 'client_closed');
    assert.equal(recorder.requests.length, 0);
    await Promise.all([keyless.shutdown(), disabled.shutdown()]);
  });
});
