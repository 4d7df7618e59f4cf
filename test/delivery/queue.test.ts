import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventQueue } from '../../src/delivery/queue.js';
import { sdkPropertiesText } from '../../src/messages/build-event.js';

const SHARED = sdkPropertiesText(true, true);
const event = (i: number, extra = '') => `{"event":"e${i}","distinct_id":"u","properties":{"n":${i}${extra}${SHARED}}}`;

describe('EventQueue with shared text', () => {
  it('gives back exactly the text pushed, in order, whether or not it held the shared text', () => {
    const queue = new EventQueue(SHARED);
    const pushed = [
      event(1),
      '{"event":"plain","distinct_id":"u","properties":{}}',
      // The shared text twice (a nested object that happens to repeat it): only the first is marked.
      event(2, `,"nested":{"a":1${SHARED}}`),
      // Text that merely looks alike inside a string value is escaped in JSON and left alone.
      `{"event":"s","distinct_id":"u","properties":{"note":${JSON.stringify(SHARED)}}}`,
      event(3, ',"emoji":"😀 \\u0001"'),
    ];
    for (const json of pushed) queue.push(json);
    assert.equal(queue.length, pushed.length);
    assert.equal(queue.peek(2), pushed[2]);
    for (let i = 0; i < pushed.length; i++) assert.ok(queue.peekLengthBound(i) >= pushed[i].length, `bound of ${i}`);
    assert.deepEqual(queue.take(2), pushed.slice(0, 2));
    assert.deepEqual(queue.takeAll(), pushed.slice(2));
    assert.equal(queue.length, 0);
  });

  it('holds less than the text for events that carry the shared text', () => {
    const queue = new EventQueue(SHARED);
    queue.push(event(1));
    assert.equal(queue.peekLengthBound(0), event(1).length, 'the bound adds back exactly what the mark replaced');
    const plain = new EventQueue();
    plain.push(event(1));
    assert.equal(plain.peek(0), event(1));
  });

  it('keeps an event offered as it is while the queue is short, compacts it in a backlog, and gives back the same text', () => {
    const queue = new EventQueue(SHARED);
    const saved = SHARED.length - 1;
    const texts = Array.from({ length: 4100 }, (_, i) => event(i));
    for (const json of texts) queue.push(json, json);
    assert.equal(queue.peekLengthBound(0), texts[0].length + saved, 'the first is held as it is (its bound adds what a mark would have replaced)');
    assert.equal(queue.peekLengthBound(4095), texts[4095].length + saved, 'so is the 4,096th');
    assert.equal(queue.peekLengthBound(4096), texts[4096].length, 'past 4,096 waiting events it is held compacted');
    assert.deepEqual(queue.takeAll(), texts);
    queue.push(texts[7], texts[7]);
    assert.equal(queue.peekLengthBound(0), texts[7].length + saved, 'a drained queue keeps one as it is again');
  });

  it('the SDK text is what buildEvent appends to a v0 event', async () => {
    const { buildEvent } = await import('../../src/messages/build-event.js');
    const built = buildEvent(
      { event: 'e', distinctId: 'u', properties: { a: 1 }, withBaseProperties: false },
      { isServer: true, disableGeoip: true, maxEventBytes: 1_000_000, baseProperties: () => undefined },
      Date.UTC(2026, 0, 1),
    );
    assert.ok(built?.json.includes(`{"a":1${SHARED}}`), built?.json);
  });
});
