// Reading a response body whole: the Node.js platform's decoder (ASCII copied as it is) must give
// exactly the text TextDecoder gives, for any bytes, split into any chunks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCappedText } from '../../src/delivery/read-capped-body.js';
import { createNodePlatform } from '../../src/platform/node.js';

/** A response whose body arrives in the given chunks. */
function chunked(chunks: Uint8Array[]): Response {
  return new Response(
    new ReadableStream({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    }),
  );
}

const decodeUtf8 = createNodePlatform().decodeUtf8;
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('readCappedText with the Node.js platform decoder', () => {
  it('the platform has one on this Node.js', () => assert.equal(typeof decodeUtf8, 'function'));

  const bodies: Array<[string, Uint8Array]> = [
    ['ASCII JSON', utf8(JSON.stringify({ flags: [{ key: 'beta', id: 1, filters: {} }] }))],
    ['accents and emoji', utf8('{"key":"bêta-😀","name":"日本"}')],
    ['invalid UTF-8 (a lone 0xFF, a cut sequence)', Uint8Array.from([0x7b, 0xff, 0x22, 0xe6, 0x97, 0x7d])],
    ['empty', new Uint8Array(0)],
  ];
  for (const [name, bytes] of bodies) {
    it(`gives what TextDecoder gives: ${name}, whole and in chunks`, async () => {
      const want = new TextDecoder().decode(bytes);
      for (const chunks of [[bytes], [bytes.subarray(0, 3), bytes.subarray(3)], [...bytes].map((b) => Uint8Array.of(b))]) {
        const read = await readCappedText(chunked(chunks.filter((c) => c.length > 0)), 1024, 'test', decodeUtf8);
        assert.deepEqual(read, { ok: true, text: want });
      }
    });
  }

  it('reads bytes that sit inside a larger buffer, not the buffer around them', async () => {
    const whole = utf8('xxxx{"a":1}yyyy');
    const read = await readCappedText(chunked([whole.subarray(4, 11)]), 1024, 'test', decodeUtf8);
    assert.deepEqual(read, { ok: true, text: '{"a":1}' });
  });
});
