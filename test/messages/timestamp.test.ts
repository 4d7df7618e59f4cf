import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPostHogValidationError } from '../../src/base/errors.js';
import { toWireTimestamp } from '../../src/messages/timestamp.js';

const NOW = Date.UTC(2026, 0, 1, 10, 0, 0, 123);

describe('toWireTimestamp', () => {
  const cases: Array<[string, Parameters<typeof toWireTimestamp>[0], string]> = [
    ['defaults to now', undefined, '2026-01-01T10:00:00.123Z'],
    ['Date', new Date(Date.UTC(2025, 0, 2, 3, 4, 5)), '2025-01-02T03:04:05.000Z'],
    ['epoch ms', Date.UTC(2025, 0, 2, 3, 4, 5, 6), '2025-01-02T03:04:05.006Z'],
    ['non-UTC offset converted to the same instant', '2025-01-02T08:34:05+05:30', '2025-01-02T03:04:05.000Z'],
    ['negative offset without colon', '2025-01-01T22:04:05.250-0500', '2025-01-02T03:04:05.250Z'],
    ['UTC microseconds kept as given', '2025-01-02T03:04:05.123456Z', '2025-01-02T03:04:05.123456Z'],
    ['offset with microseconds keeps the digits', '2025-01-02T08:34:05.123456+05:30', '2025-01-02T03:04:05.123456Z'],
    ['short fraction normalised', '2025-01-02T03:04:05.1Z', '2025-01-02T03:04:05.100Z'],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => assert.equal(toWireTimestamp(input, NOW), expected));
  }

  for (const [name, input] of [
    ['garbage string', 'yesterday-ish'],
    ['invalid Date', new Date('nope')],
    ['NaN', Number.NaN],
    ['object', {} as unknown as string],
  ] as const) {
    it(`rejects ${name} naming the timestamp field`, () => {
      assert.throws(() => toWireTimestamp(input as string, NOW), (e) => isPostHogValidationError(e) && e.field === 'timestamp');
    });
  }
});

describe('toWireTimestamp for now', () => {
  it('formats the current time exactly like Date#toISOString across second boundaries', () => {
    for (const ms of [0, -1, 999, 1000, NOW, NOW + 999, NOW + 1000, NOW + 1001, 253_402_300_799_999, 253_402_300_800_000]) {
      assert.equal(toWireTimestamp(undefined, ms), new Date(ms).toISOString(), String(ms));
    }
  });

  it('every millisecond of a second, the first time and again', () => {
    const second = NOW - (NOW % 1000) + 5000;
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < 1000; k++) assert.equal(toWireTimestamp(undefined, second + k), new Date(second + k).toISOString(), `${pass}: ${k}`);
    }
  });
});
