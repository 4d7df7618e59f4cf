// Definitions written to hurt: evaluation stays bounded in time whatever a project member (or a
// hostile server) puts in a flag (issue 8, items 1 and 2). No timings here: the work is counted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PropertyGroup } from '../../src/flags/definitions/payload.js';
import { compileFlagSet } from '../../src/flags/local/flag-set.js';
import { NOW, evaluate, flagWith, matches, subject } from './helpers.js';

/** Cohort i = AND[cohort i+1, cohort i+1] for `levels` levels; the last one tests `plan`. */
function sharedCohorts(levels: number): Record<string, PropertyGroup> {
  const cohorts: Record<string, PropertyGroup> = {};
  for (let i = 0; i < levels; i++) {
    cohorts[String(i)] = {
      type: 'AND',
      values: [
        { key: 'id', type: 'cohort', value: i + 1 },
        { key: 'id', type: 'cohort', value: i + 1 },
      ],
    };
  }
  cohorts[String(levels)] = { type: 'AND', values: [{ key: 'plan', value: 'pro', type: 'person' }] };
  return cohorts;
}

/** Person properties whose `plan` counts how often it is read. */
function countingPlan(plan: string): { props: Record<string, unknown>; reads: () => number } {
  let reads = 0;
  const props = {
    get plan() {
      reads++;
      return plan;
    },
  };
  return { props, reads: () => reads };
}

describe('cohorts that share sub-cohorts', () => {
  const inCohort0 = flagWith([{ key: 'id', type: 'cohort', value: 0 }]);

  it('24 levels evaluate correctly, reading the leaf once (not 2^24 times)', () => {
    const cohorts = sharedCohorts(24);
    const pro = countingPlan('pro');
    assert.equal(evaluate({ flags: [inCohort0], cohorts }, 'f', subject('u', { personProperties: pro.props })), true);
    assert.equal(pro.reads(), 1);
    const free = countingPlan('free');
    assert.equal(evaluate({ flags: [inCohort0], cohorts }, 'f', subject('u', { personProperties: free.props })), false);
    assert.equal(free.reads(), 1);
  });

  it('a cohort used by several flags in one call is evaluated once for the call', () => {
    const cohorts = sharedCohorts(3);
    const pro = countingPlan('pro');
    const flags = [flagWith([{ key: 'id', type: 'cohort', value: 0 }], { key: 'a' }), flagWith([{ key: 'id', type: 'cohort', value: 1 }], { key: 'b' })];
    const outcomes = compileFlagSet({ flags, cohorts }, { loadedAt: NOW }).evaluateAll(subject('u', { personProperties: pro.props }), undefined, NOW);
    assert.deepEqual(
      outcomes.map((o) => (o.kind === 'decided' ? o.value : o.kind)),
      [true, true],
    );
    assert.equal(pro.reads(), 1);
  });

  it('nesting deeper than the cap is inconclusive (the server decides), never a stack overflow', () => {
    const cohorts: Record<string, PropertyGroup> = {};
    for (let i = 0; i < 5000; i++) cohorts[String(i)] = { type: 'AND', values: [{ key: 'id', type: 'cohort', value: i + 1 }] };
    cohorts['5000'] = { type: 'AND', values: [{ key: 'plan', value: 'pro', type: 'person' }] };
    assert.equal(evaluate({ flags: [inCohort0], cohorts }, 'f', subject('u', { personProperties: { plan: 'pro' } })), 'inconclusive');
  });
});

describe('regular expressions a backtracking engine takes exponential time on', () => {
  const regex = (operator: string, value: string) => ({ key: 'email', operator, value, type: 'person' });
  const hostile = `${'a'.repeat(100_000)}!`;

  it('^(a+)+$ against 100,000 a and a "!" evaluates, and right', () => {
    assert.equal(matches(regex('regex', '^(a+)+$'), { email: hostile }), false);
    assert.equal(matches(regex('not_regex', '^(a+)+$'), { email: hostile }), true);
    assert.equal(matches(regex('regex', '^(a+)+!$'), { email: hostile }), true);
  });

  it('other ambiguous shapes too: (a|a)*b, (a*)*b, (a|aa)+$', () => {
    assert.equal(matches(regex('regex', '(a|a)*b'), { email: hostile }), false);
    assert.equal(matches(regex('regex', '(a*)*b'), { email: hostile }), false);
    assert.equal(matches(regex('regex', '^(a|aa)+$'), { email: hostile }), false);
    assert.equal(matches(regex('regex', '^(a|aa)+!$'), { email: hostile }), true);
  });
});
