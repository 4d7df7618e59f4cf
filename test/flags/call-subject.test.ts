// Reading a flag call's options: a generic lookup that must read exactly what `options[name]` reads.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CallSubject, readOption } from '../../src/flags/call-subject.js';

describe('readOption', () => {
  it('reads own, inherited, getter and proxy members as options[name] does', () => {
    const inherited = Object.create({ groups: { company: 'acme' } }) as { groups?: Record<string, string> };
    let reads = 0;
    const getter = {
      get deviceId() {
        reads++;
        return 'device-1';
      },
    };
    const proxy = new Proxy({} as { personProperties?: Record<string, unknown> }, { get: (_, name) => (name === 'personProperties' ? { plan: 'pro' } : undefined) });
    const spread = { ...{ groups: { team: 't' } }, deviceId: 'd' };
    assert.deepEqual(readOption(inherited, 'groups'), { company: 'acme' });
    assert.equal(readOption(getter, 'deviceId'), 'device-1');
    assert.equal(reads, 1);
    assert.deepEqual(readOption(proxy, 'personProperties'), { plan: 'pro' });
    assert.deepEqual(readOption(spread, 'groups'), { team: 't' });
    assert.equal(readOption(spread, 'deviceId'), 'd');
    assert.equal(readOption({} as { deviceId?: string }, 'deviceId'), undefined);
  });

  it('is undefined for what is not an object, where options[name] would throw or read a primitive', () => {
    for (const options of [undefined, null, 'text', 42, true]) assert.equal(readOption(options as unknown as { groups?: unknown }, 'groups'), undefined);
    const fn = Object.assign(() => {}, { groups: { company: 'c' } });
    assert.deepEqual(readOption(fn, 'groups'), { company: 'c' });
  });

  it('a CallSubject reads each part once, when first asked', () => {
    const reads: string[] = [];
    const options = {
      get groups() {
        reads.push('groups');
        return { company: 'acme', size: 5, bad: null } as unknown as Record<string, string | number>;
      },
      get personProperties() {
        reads.push('personProperties');
        return { plan: 'pro' };
      },
    };
    const subject = new CallSubject('u', options);
    assert.deepEqual(reads, []);
    assert.deepEqual(subject.groups, { company: 'acme', size: '5' });
    assert.deepEqual(subject.groups, { company: 'acme', size: '5' });
    assert.deepEqual(subject.personProperties, { plan: 'pro' });
    assert.deepEqual(subject.groupProperties, {});
    assert.equal(subject.deviceId, undefined);
    assert.deepEqual(reads, ['groups', 'personProperties']);
  });
});
