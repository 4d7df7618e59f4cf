// The batch body writer: the bytes it produces are exactly the UTF-8 of head + parts.join(',') +
// tail, however the text is split, whatever it contains, and however batches overlap.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { BatchBodyWriter } from '../../src/delivery/batch-body.js';

const text = new TextDecoder();
const expected = (head: string, parts: string[], tail: string) => `${head}${parts.join(',')}${tail}`;
/** A compressing encoder, as the platform's gzip is. */
const gzip = async (body: Uint8Array) => gzipSync(body);
const events = (count: number, make: (i: number) => string) => Array.from({ length: count }, (_, i) => make(i));

describe('BatchBodyWriter', () => {
  it('compressed: the body unpacks to the batch text, for batch sizes from none to thousands', async () => {
    const writer = new BatchBodyWriter();
    for (const count of [0, 1, 2, 55, 56, 57, 500, 3000]) {
      const parts = events(count, (i) => JSON.stringify({ event: 'e', distinct_id: `user-${i}`, properties: { i, pad: 'x'.repeat(i % 700) } }));
      const headers: Record<string, string> = {};
      const body = await writer.encode('{"batch":[', parts, '],"sent_at":"now"}', gzip, 'gzip', headers);
      assert.equal(gunzipSync(body).toString('utf8'), expected('{"batch":[', parts, '],"sent_at":"now"}'), `${count} events`);
      assert.equal(headers['Content-Encoding'], 'gzip');
    }
  });

  it('text beyond ASCII is written as UTF-8, including where it grows the buffer', async () => {
    const writer = new BatchBodyWriter();
    // Each event is mostly multi-byte: the first guess of one byte per character is far too small.
    const parts = events(400, (i) => JSON.stringify({ name: `${'é'.repeat(i % 90)}😀${'日本'.repeat(40)}`, i }));
    const body = await writer.encode('[', parts, ']', gzip, 'gzip', {});
    assert.equal(gunzipSync(body).toString('utf8'), expected('[', parts, ']'));
  });

  it('uncompressed: the UTF-8 of the batch, with no Content-Encoding, for sizes from none to thousands', async () => {
    const writer = new BatchBodyWriter();
    const bodies: Array<{ body: Uint8Array; want: string }> = [];
    for (const count of [0, 1, 300, 3000]) {
      // Multi-byte text throughout, so the buffer grows.
      const parts = events(count, (i) => `{"i":${i},"s":"ü${i}${i % 7 === 0 ? '😀'.repeat(i % 50) : ''}"}`);
      const headers: Record<string, string> = {};
      const body = await writer.encode('{"batch":[', parts, ']}', undefined, 'gzip', headers);
      assert.equal(text.decode(body), expected('{"batch":[', parts, ']}'), `${count} events`);
      assert.equal(headers['Content-Encoding'], undefined);
      bodies.push({ body, want: expected('{"batch":[', parts, ']}') });
    }
    // Each request owns its bytes: later batches wrote nothing into earlier ones.
    for (const { body, want } of bodies) assert.equal(text.decode(body), want);
  });

  it('a comma that falls right after the buffer is full grows it too', async () => {
    // Room is made for one byte per character: "ééé" fills all six bytes of "ééé" + "," + "a".
    for (const encode of [undefined, gzip]) {
      const body = await new BatchBodyWriter().encode('', ['ééé', 'a'], '', encode, 'gzip', {});
      assert.equal(encode === undefined ? text.decode(body) : gunzipSync(body).toString('utf8'), 'ééé,a');
    }
  });

  it('when the encoder fails, the raw body is sent, and a later batch does not change it', async () => {
    const writer = new BatchBodyWriter();
    const failing = async () => {
      throw new Error('no compression here');
    };
    const headers: Record<string, string> = {};
    const first = await writer.encode('[', ['"a"', '"b"'], ']', failing, 'gzip', headers);
    assert.equal(headers['Content-Encoding'], undefined);
    await writer.encode('[', ['"zzzzzzzzzzzzzzz"'], ']', gzip, 'gzip', {});
    assert.equal(text.decode(first), '["a","b"]');
  });

  it('batches compressed at the same time each get their own bytes', async () => {
    const writer = new BatchBodyWriter();
    // An encoder that holds the input until released, then compresses what it finds there.
    const releases: Array<() => void> = [];
    const slow = (body: Uint8Array) => new Promise<Uint8Array>((resolve) => releases.push(() => resolve(gzipSync(body))));
    // The second batch is the shorter, so it fits in the buffer the first was written into.
    const a = events(200, (i) => `{"a":"${'a'.repeat(i % 50)}"}`);
    const b = events(100, (i) => `{"b":${i}}`);
    const first = writer.encode('[', a, ']', slow, 'gzip', {});
    const second = writer.encode('[', b, ']', slow, 'gzip', {});
    for (const release of releases.reverse()) release();
    assert.equal(gunzipSync(await first).toString('utf8'), expected('[', a, ']'));
    assert.equal(gunzipSync(await second).toString('utf8'), expected('[', b, ']'));
    // The buffer is reused afterwards, and nothing of the earlier, longer batches is left in the body.
    assert.equal(gunzipSync(await writer.encode('[', ['{"c":1}'], ']', gzip, 'gzip', {})).toString('utf8'), '[{"c":1}]');
  });
});
