// The spool's record format and its ledger, without a disk: what a segment file reads back as when
// it is whole, cut at any byte, damaged, or followed by the zeros a power loss can leave.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ledger } from '../../src/delivery/spool/ledger.js';
import { readSegment } from '../../src/delivery/spool/records.js';
import { eventJson, segmentBytes } from '../helpers/spool-files.js';

const ns = (bytes: Uint8Array) => readSegment(bytes).pending.map((r) => JSON.parse(r.json).properties.n);

describe('spool records', () => {
  it('reads back events and honours acknowledgements, including non-ASCII text', () => {
    const unicode = JSON.stringify({ uuid: 'u', properties: { n: 9, text: 'Zoë 🚀 ✓' } });
    const bytes = segmentBytes([{ event: eventJson(0) }, { event: eventJson(1) }, { event: eventJson(2) }, { ack: [0, 2] }, { event: unicode }]);
    const contents = readSegment(bytes);
    assert.deepEqual(ns(bytes), [1, 9]);
    assert.equal(contents.pending[1].json, unicode);
    assert.deepEqual([contents.torn, contents.damaged, contents.cleanEnd], [false, 0, bytes.length]);
  });

  it('a file cut at any byte reads as the whole records before the cut, and says it is torn', () => {
    const records = [0, 1, 2].map((n) => ({ event: eventJson(n) }));
    const whole = segmentBytes(records);
    const ends = [4, ...[1, 2, 3].map((k) => segmentBytes(records.slice(0, k)).length)];
    for (let cut = 0; cut < whole.length; cut++) {
      const contents = readSegment(whole.subarray(0, cut));
      const complete = ends.filter((end) => end <= cut).length - 1;
      assert.deepEqual(ns(whole.subarray(0, cut)), [0, 1, 2].slice(0, Math.max(0, complete)), `cut at ${cut}`);
      assert.equal(contents.torn, cut >= 4 && !ends.includes(cut), `cut at ${cut}`);
      if (cut >= 4) assert.equal(contents.cleanEnd, Math.max(...ends.filter((end) => end <= cut)), `cut at ${cut}`);
    }
  });

  it('zeros after the last record (what a power loss can leave) are never read as records', () => {
    const bytes = Buffer.concat([segmentBytes([{ event: eventJson(0) }]), Buffer.alloc(96)]);
    const contents = readSegment(bytes);
    assert.deepEqual(ns(bytes), [0]);
    assert.ok(contents.damaged > 0);
  });

  it('any single flipped bit in a record is caught by its checksum', () => {
    const bytes = segmentBytes([{ event: eventJson(0) }, { event: eventJson(1) }]);
    const start = segmentBytes([{ event: eventJson(0) }]).length; // the second record: header and payload
    for (let at = start; at < bytes.length; at++) {
      for (let bit = 0; bit < 8; bit++) {
        const copy = Buffer.from(bytes);
        copy[at] ^= 1 << bit;
        assert.deepEqual(ns(copy), [0], `bit ${bit} of byte ${at}`);
      }
    }
  });

  it('a file that is not a segment is marked foreign and nothing is read from it', () => {
    assert.equal(readSegment(Buffer.from('{"not":"a segment"}')).foreign, true);
    assert.deepEqual(readSegment(Buffer.alloc(0)).pending, []);
  });
});

describe('spool ledger', () => {
  it('finds each event wherever it is, in any order, and forgets it once taken', () => {
    const ledger = new Ledger<string>();
    const events = Array.from({ length: 3000 }, (_, i) => eventJson(i));
    for (const [i, json] of events.entries()) ledger.add(json, `segment-${Math.floor(i / 100)}`, i % 100);
    const order = [...events.keys()].sort((a, b) => ((a * 7919) % 3001) - ((b * 7919) % 3001));
    for (const i of order) {
      let found: [string, number] | undefined;
      assert.equal(ledger.take(`${events[i]}`, (segment, index) => (found = [segment, index])), true);
      assert.deepEqual(found, [`segment-${Math.floor(i / 100)}`, i % 100]);
      assert.equal(ledger.take(events[i], () => {}), false, 'taken once only');
    }
    assert.equal(ledger.size, 0);
  });
});
