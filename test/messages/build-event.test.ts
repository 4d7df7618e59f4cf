import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPostHogValidationError } from '../../src/base/errors.js';
import { LIB_NAME, LIB_VERSION } from '../../src/base/version.js';
import { MAX_EVENT_BYTES } from '../../src/client/options.js';
import { flagCalledEvent, flagCalledPropertiesText } from '../../src/flags/flag-called-event.js';
import type { Resolution } from '../../src/flags/resolution.js';
import { type EventDefaults, buildEvent, buildWrittenEvent, sdkPropertiesText } from '../../src/messages/build-event.js';
import { Groups, Properties } from '../../src/messages/builders.js';
import { aliasInput, captureInput, groupIdentifyInput, identifyInput } from '../../src/messages/to-input.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const defaults: EventDefaults = { isServer: true, disableGeoip: false, maxEventBytes: MAX_EVENT_BYTES, baseProperties: () => ({ env: 'test', plan: 'base' }) };
const build = (input: Parameters<typeof buildEvent>[0], d = defaults) => JSON.parse(buildEvent(input, d, NOW)!.json);

describe('capture events', () => {
  it('has the v0 envelope with uuid v7, UTC timestamp and SDK properties', () => {
    const e = build(captureInput({ distinctId: 'u1', event: 'order placed', properties: { total: 42, plan: 'pro' } }));
    assert.equal(e.event, 'order placed');
    assert.equal(e.distinct_id, 'u1');
    assert.match(e.uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    assert.equal(e.timestamp, '2026-01-01T12:00:00.000Z');
    assert.deepEqual(e.properties, { env: 'test', plan: 'pro', total: 42, $lib: LIB_NAME, $lib_version: LIB_VERSION, $is_server: true });
  });

  it('keeps a valid caller uuid and replaces an invalid one', () => {
    const given = '0198a3c2-1f2e-4b7a-9c1d-2e3f4a5b6c7d';
    assert.equal(build(captureInput({ distinctId: 'u', event: 'e', uuid: given })).uuid, given);
    assert.notEqual(build(captureInput({ distinctId: 'u', event: 'e', uuid: 'nope' })).uuid, 'nope');
  });

  it('adds $groups only when groups are given, keys as given (as posthog-node), and $geoip_disable per call', () => {
    const e = build(captureInput({ distinctId: 'u', event: 'e', groups: new Groups().set('company', 42), disableGeoip: true }));
    assert.deepEqual(e.properties.$groups, { company: 42 });
    assert.equal(e.properties.$geoip_disable, true);
    const plain = build(captureInput({ distinctId: 'u', event: 'e', groups: {} }));
    assert.equal('$groups' in plain.properties, false);
    assert.equal('$geoip_disable' in plain.properties, false);
  });

  it('SDK $lib overwrites a caller value; $set and $set_once stay in properties', () => {
    const e = build(captureInput({ distinctId: 'u', event: 'e', properties: { $lib: 'mine', $set: { a: 1 }, $set_once: { b: 2 } } }));
    assert.equal(e.properties.$lib, LIB_NAME);
    assert.deepEqual(e.properties.$set, { a: 1 });
    assert.deepEqual(e.properties.$set_once, { b: 2 });
  });

  it('accepts Properties builders and omits $is_server when isServer is off', () => {
    const e = build(captureInput({ distinctId: 'u', event: 'e', properties: new Properties().set('a', 1).set('b', 'x') }), { ...defaults, isServer: false });
    assert.equal(e.properties.a, 1);
    assert.equal(e.properties.b, 'x');
    assert.equal('$is_server' in e.properties, false);
    assert.equal('set' in e.properties, false);
  });

  it('rejects an event over the size limit naming the property that crossed it', () => {
    const big = 'x'.repeat(MAX_EVENT_BYTES);
    assert.throws(() => buildEvent(captureInput({ distinctId: 'u', event: 'e', properties: { big } }), defaults, NOW),
      (e) => isPostHogValidationError(e) && e.field === 'properties.big' && /limit/.test(e.message));
  });

  it('the size walk is a lower bound: an event that serialises within the limit is never refused', () => {
    // Multi-byte text, SDK-owned keys and members JSON leaves out do not count against the budget.
    const text = 'é'.repeat(MAX_EVENT_BYTES / 2 - 500);
    const e = build(captureInput({ distinctId: 'u', event: 'e', properties: { text, gone: undefined, $lib: 'x'.repeat(MAX_EVENT_BYTES) } }));
    assert.equal(e.properties.text.length, text.length);
  });

  for (const [name, message, field] of [
    ['missing distinct id', { event: 'e' }, 'distinctId'],
    ['empty distinct id', { distinctId: '', event: 'e' }, 'distinctId'],
    ['empty event', { distinctId: 'u', event: '' }, 'event'],
    ['properties not an object', { distinctId: 'u', event: 'e', properties: [1] }, 'properties'],
  ] as const) {
    it(`rejects ${name} naming ${field}`, () => {
      assert.throws(() => captureInput(message as never), (e) => isPostHogValidationError(e) && e.field === field);
    });
  }
});

describe('identify, alias and groupIdentify events', () => {
  it('identify turns plain keys into $set and always sends $set_once, without base properties', () => {
    const e = build(identifyInput({ distinctId: 'user-123', properties: { email: 'a@b.c' } }));
    assert.equal(e.event, '$identify');
    assert.deepEqual(e.properties.$set, { email: 'a@b.c' });
    assert.deepEqual(e.properties.$set_once, {});
    assert.equal('env' in e.properties, false);
  });

  it('identify with explicit $set ignores other plain keys and keeps $anon_distinct_id', () => {
    const e = build(identifyInput({ distinctId: 'u', properties: { $set: { a: 1 }, $set_once: { b: 2 }, stray: 3, $anon_distinct_id: 'anon-1' } }));
    assert.deepEqual(e.properties.$set, { a: 1 });
    assert.deepEqual(e.properties.$set_once, { b: 2 });
    assert.equal(e.properties.$anon_distinct_id, 'anon-1');
    assert.equal('stray' in e.properties, false);
  });

  it('alias puts the id at the root and in properties, the other id in properties.alias', () => {
    const e = build(aliasInput({ distinctId: 'anon-123', alias: 'user-123' }));
    assert.equal(e.event, '$create_alias');
    assert.equal(e.distinct_id, 'anon-123');
    assert.equal(e.properties.distinct_id, 'anon-123');
    assert.equal(e.properties.alias, 'user-123');
  });

  it('groupIdentify synthesises the distinct id and sends $group_set', () => {
    const e = build(groupIdentifyInput({ groupType: 'company', groupKey: 'acme', properties: { plan: 'pro' } }));
    assert.equal(e.event, '$groupidentify');
    assert.equal(e.distinct_id, '$company_acme');
    assert.deepEqual(
      { t: e.properties.$group_type, k: e.properties.$group_key, s: e.properties.$group_set },
      { t: 'company', k: 'acme', s: { plan: 'pro' } },
    );
    assert.equal(build(groupIdentifyInput({ groupType: 'company', groupKey: 7, distinctId: 'u9' })).distinct_id, 'u9');
  });

  for (const [name, make, field] of [
    ['alias without alias', () => aliasInput({ distinctId: 'u' } as never), 'alias'],
    ['alias without distinctId', () => aliasInput({ alias: 'a' } as never), 'distinctId'],
    ['identify without distinctId', () => identifyInput({} as never), 'distinctId'],
    ['groupIdentify without type', () => groupIdentifyInput({ groupKey: 'k' } as never), 'groupType'],
    ['groupIdentify without key', () => groupIdentifyInput({ groupType: 't' } as never), 'groupKey'],
  ] as const) {
    it(`rejects ${name}`, () => assert.throws(make, (e) => isPostHogValidationError(e) && e.field === field));
  }
});

describe('serialising with the SDK properties appended as text', () => {
  const uuid = '0198a3c2-1f2e-4b7a-9c1d-2e3f4a5b6c7d';
  /** The text JSON.stringify makes of the event object, SDK properties added the plain way. */
  const expected = (event: string, distinctId: string, properties: Record<string, unknown>, own: Record<string, unknown>, groups?: Record<string, unknown>) => {
    const merged: Record<string, unknown> = { ...properties };
    for (const [key, value] of Object.entries(own)) merged[key] = value;
    if (groups !== undefined && Object.keys(groups).length > 0) merged.$groups = groups;
    return JSON.stringify({ event, distinct_id: distinctId, uuid, timestamp: '2026-01-01T12:00:00.000Z', properties: merged });
  };
  const plain: EventDefaults = { isServer: true, disableGeoip: true, maxEventBytes: MAX_EVENT_BYTES, baseProperties: () => undefined };
  const own = { $lib: LIB_NAME, $lib_version: LIB_VERSION, $is_server: true, $geoip_disable: true };
  const cases: Array<[string, Record<string, unknown>, Record<string, string | number> | undefined]> = [
    ['no properties', {}, undefined],
    ['flat', { plan: 'pro', amount: 42.5, first: false, n: null }, undefined],
    ['nested, arrays, unicode, escapes', { a: { b: [1, 'two', { c: 'ü😀' }] }, q: 'say "hi"\n', '€ key': 1 }, undefined],
    ['undefined members left out', { kept: 1, gone: undefined }, undefined],
    ['with groups', { plan: 'pro' }, { company: 'acme', team: 7 }],
    ['empty groups', { plan: 'pro' }, {}],
    ['a Date and a big number', { when: new Date(NOW), big: 1796181798141 }, undefined],
  ];
  for (const [name, properties, groups] of cases) {
    it(`is the text JSON.stringify makes of the same event: ${name}`, () => {
      const built = buildEvent({ event: 'e "quoted"', distinctId: 'ü-1', properties, groups, uuid, withBaseProperties: true }, plain, NOW);
      assert.equal(built?.json, expected('e "quoted"', 'ü-1', properties, own, groups));
    });
  }

  it('a caller value for an SDK key keeps its place and is overwritten, as before', () => {
    const built = buildEvent({ event: 'e', distinctId: 'u', properties: { $lib: 'mine', x: 1 }, uuid, withBaseProperties: true }, plain, NOW);
    assert.equal(built?.json, expected('e', 'u', { $lib: 'mine', x: 1 }, own));
    assert.ok(built?.json.includes('"properties":{"$lib":"posthog-ts","x":1,'), built?.json);
  });

  it('hands over the held form when the lane keeps the same shared text, and only then', () => {
    const sharedText = sdkPropertiesText(true, true);
    const withShared = buildEvent({ event: 'e', distinctId: 'u', properties: { x: 1 }, groups: { company: 'c' }, uuid, withBaseProperties: true }, { ...plain, sharedText }, NOW);
    assert.equal(withShared?.held, withShared?.json.replace(sharedText, '\u0001'));
    const perCallGeoip = buildEvent({ event: 'e', distinctId: 'u', properties: { x: 1 }, uuid, disableGeoip: false, withBaseProperties: true }, { ...plain, sharedText }, NOW);
    assert.equal(perCallGeoip?.held, undefined);
    assert.equal(buildEvent({ event: 'e', distinctId: 'u', properties: { x: 1 }, uuid, withBaseProperties: true }, plain, NOW)?.held, undefined);
  });
});

describe('properties serialised without a copy', () => {
  const plain: EventDefaults = { isServer: true, disableGeoip: true, maxEventBytes: MAX_EVENT_BYTES, baseProperties: () => undefined };
  it('never writes to the caller object, and a later change to it does not change the event', () => {
    const properties: Record<string, unknown> = { plan: 'pro', $lib: 'mine' };
    const built = buildEvent({ event: 'e', distinctId: 'u', properties, withBaseProperties: true }, plain, NOW);
    assert.deepEqual(properties, { plan: 'pro', $lib: 'mine' });
    const bot = { $raw_user_agent: 'Googlebot/2.1', $current_url: 'https://x.test' };
    const pageview = buildEvent({ event: '$pageview', distinctId: 'u', properties: bot, withBaseProperties: true }, { ...plain, botPageviews: { extra: [] } }, NOW);
    assert.deepEqual(bot, { $raw_user_agent: 'Googlebot/2.1', $current_url: 'https://x.test' });
    assert.equal(JSON.parse(pageview!.json).event, '$bot_pageview');
    properties.plan = 'changed';
    assert.equal(JSON.parse(built!.json).properties.plan, 'pro');
  });

  it('a class instance or an own toJSON is serialised as its own members, as a copy would be', () => {
    class Props {
      a = 1;
      toJSON() {
        return { replaced: true };
      }
    }
    const fromClass = JSON.parse(buildEvent({ event: 'e', distinctId: 'u', properties: new Props() as unknown as Record<string, unknown>, withBaseProperties: true }, plain, NOW)!.json);
    assert.equal(fromClass.properties.a, 1);
    assert.equal(fromClass.properties.replaced, undefined);
    const withProto = JSON.parse('{"__proto__":{"x":1},"kept":2}') as Record<string, unknown>;
    const fromParsed = JSON.parse(buildEvent({ event: 'e', distinctId: 'u', properties: withProto, withBaseProperties: true }, plain, NOW)!.json);
    assert.equal(fromParsed.properties.kept, 2);
    assert.equal(Object.hasOwn(fromParsed.properties, '__proto__'), false);
  });
});

describe('events written from the SDK\'s own properties text (buildWrittenEvent)', () => {
  const sharedText = sdkPropertiesText(true, false);
  const lane: EventDefaults = { isServer: true, disableGeoip: false, maxEventBytes: MAX_EVENT_BYTES, baseProperties: () => undefined, sharedText };
  const base: Resolution = { key: 'pricing', value: 'test', payload: undefined, reason: { code: 'condition_match', description: 'Matched condition set 2' }, locallyEvaluated: true, minimalEvents: false, errors: [], id: 12, evaluatedAt: NOW, definitionsLoadedAt: NOW - 5 };
  const reads: Array<[string, string, Partial<Resolution>, Record<string, string> | undefined, boolean | undefined]> = [
    ['a local variant with a group', 'user-1', {}, { company: 'acme' }, undefined],
    ['no groups, geoip off for the call', 'ü "quoted" id', { value: false, reason: undefined }, undefined, true],
    ['geoip on for the call', 'u', { hasExperiment: true }, { company: 'a', team: 't"1' }, false],
    ['a remote answer with errors', 'u', { locallyEvaluated: false, requestId: 'r-1', errors: ['errors_while_computing_flags'], version: 3 }, {}, undefined],
    ['minimal (gate on, no experiment)', 'u', { minimalEvents: true, hasExperiment: false }, { company: 'acme' }, undefined],
  ];
  for (const [name, distinctId, shape, groups, disableGeoip] of reads) {
    it(`is byte for byte what the message path builds: ${name}`, () => {
      const r = { ...base, ...shape };
      const written = buildWrittenEvent('$feature_flag_called', distinctId, flagCalledPropertiesText(r), groups, disableGeoip, lane, NOW);
      assert.ok(written !== undefined);
      const { message, minimal } = flagCalledEvent(distinctId, r, groups, disableGeoip);
      const general = buildEvent(captureInput({ ...message, uuid: written.uuid }, minimal, true), lane, NOW);
      assert.equal(written.json, general?.json);
      assert.equal(written.held, written.json, 'offered to the queue as it is (no held form is copied out)');
    });
  }

  it('leaves to the message path what would change the text or needs an error naming the field', () => {
    const text = flagCalledPropertiesText(base);
    const write = (d: EventDefaults, distinctId = 'u') => buildWrittenEvent('$feature_flag_called', distinctId, text, undefined, undefined, d, NOW);
    assert.ok(write(lane) !== undefined);
    assert.equal(write({ ...lane, beforeSend: (e) => e }), undefined, 'a beforeSend hook');
    assert.equal(write({ ...lane, encode: (e) => e }), undefined, 'a wire encoder');
    assert.equal(write({ ...lane, baseProperties: () => ({ team: 'growth' }) }), undefined, 'super properties');
    assert.equal(write(lane, '  '), undefined, 'a blank distinct id');
    assert.equal(write({ ...lane, maxEventBytes: 300 }), undefined, 'over the size limit');
    assert.equal(write({ ...lane, maxEventBytes: 300 }, 'x'.repeat(400)), undefined, 'a distinct id over the limit');
  });
});
