// A deterministic flag set for the benchmarks: ten kinds of flag, cycled, all decidable locally for
// SUBJECT's properties. Each kind says how many SHA-1s evaluating it needs for SUBJECT, so the run
// can compute the hashing floor of a whole set.

/** Person properties every benchmark call passes. */
export const PERSON_PROPERTIES = {
  email: 'someone@example.com',
  plan: 'pro',
  age: 33,
  country: 'US',
  signed_up_at: '2025-06-01T00:00:00Z',
};

const prop = (key, operator, value) => ({ key, operator, value, type: 'person' });
const variants = [
  { key: 'control', rollout_percentage: 34 },
  { key: 'test-a', rollout_percentage: 33 },
  { key: 'test-b', rollout_percentage: 33 },
];

/** [filters, SHA-1s needed] for each kind. */
const KINDS = [
  [{ groups: [{ properties: [], rollout_percentage: 50 }] }, 1],
  [{ groups: [{ properties: [prop('plan', 'exact', ['pro', 'enterprise'])], rollout_percentage: 100 }] }, 0],
  [{ groups: [{ properties: [prop('email', 'icontains', 'example')], rollout_percentage: 30 }] }, 1],
  [{ groups: [{ properties: [prop('age', 'gt', 18), prop('country', 'exact', ['US', 'CA'])], rollout_percentage: 100 }] }, 0],
  [{ groups: [{ properties: [], rollout_percentage: 100 }], multivariate: { variants } }, 1],
  [{ groups: [{ properties: [prop('email', 'regex', '^[a-z]+@example\\.com$')], rollout_percentage: 100 }] }, 0],
  [{ groups: [{ properties: [prop('plan', 'exact', ['free'])], rollout_percentage: 100 }, { properties: [], rollout_percentage: 20 }] }, 1],
  [{ groups: [{ properties: [prop('signed_up_at', 'is_date_after', '2025-01-01')], rollout_percentage: 100 }] }, 0],
  [{ groups: [{ properties: [prop('country', 'is_set', 'is_set')], rollout_percentage: 70 }] }, 1],
  [{ groups: [{ properties: [prop('age', 'lt', 65)], rollout_percentage: 100 }], multivariate: { variants }, payloads: { control: '{"x":1}' } }, 1],
];

/** `count` flags and the SHA-1s a full evaluation of them needs. */
export function flagSet(count) {
  const flags = [];
  let hashes = 0;
  for (let i = 0; i < count; i++) {
    const [filters, needed] = KINDS[i % KINDS.length];
    flags.push({ id: i + 1, key: `flag-${i}`, name: `Flag ${i}`, active: true, deleted: false, ensure_experience_continuity: false, filters });
    hashes += needed;
  }
  return { payload: { flags, group_type_mapping: {}, cohorts: {} }, hashes };
}
