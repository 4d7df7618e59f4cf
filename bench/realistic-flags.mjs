// The realistic flag set of issue 12, generated deterministically: a block of 50 flag shapes repeated
// with new keys and parameters (11 plain rollouts, 11 person-property flags, 6 numeric, 4 regex,
// 2 date, 2 semver, 6 multivariate, 4 group flags, 1 nested-cohort flag, 1 flag dependency,
// 2 inactive), in the shape PostHog's /flags/definitions sends them, and users with 7–10 person
// properties and a company. Every flag is decidable locally for every user, so both SDKs answer
// every flag; each shape also says how many SHA-1s a minimal evaluator needs, for the hashing floor.
import { createHash } from 'node:crypto';
import { random } from './seeded-random.mjs';

/** PostHog's bucketing hash: the first 15 hex digits of SHA-1("<key>.<bucket><salt>") as a fraction. */
function bucketHash(key, bucket, salt) {
  return Number.parseInt(createHash('sha1').update(`${key}.${bucket}${salt}`).digest('hex').slice(0, 15), 16) / (2 ** 60 - 1);
}


const PLANS = ['free', 'pro', 'enterprise', 'team'];
const COUNTRIES = ['US', 'CA', 'GB', 'DE', 'FR', 'IN', 'BR', 'JP'];
const DOMAINS = ['example.com', 'acme.io', 'mail.dev', 'corp.net'];
const NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'test'];
const INDUSTRIES = ['retail', 'saas', 'finance', 'health'];
const EXTRAS = [
  ['browser', (r) => ['Chrome', 'Firefox', 'Safari'][Math.floor(r() * 3)]],
  ['utm_source', (r) => ['google', 'newsletter', 'twitter'][Math.floor(r() * 3)]],
  ['is_beta', (r) => r() < 0.3],
];

/**
 * `count` users: each a distinct id, 7 person properties every flag may read plus 0–3 more (7–10),
 * and one company with its properties.
 */
export function makeUsers(count, seed = 7) {
  const r = random(seed);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const users = [];
  for (let i = 0; i < count; i++) {
    const age = 18 + Math.floor(r() * 52);
    const month = 1 + Math.floor(r() * 12);
    const person = {
      email: `${pick(NAMES)}${i}@${pick(DOMAINS)}`,
      plan: pick(PLANS),
      country: pick(COUNTRIES),
      // Sometimes a numeric string, as properties sent from forms are.
      age: i % 3 === 0 ? String(age) : age,
      seats: String(1 + Math.floor(r() * 200)),
      signed_up_at: `${2022 + Math.floor(r() * 4)}-${String(month).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}T10:00:00Z`,
      app_version: `${1 + Math.floor(r() * 3)}.${Math.floor(r() * 6)}.${Math.floor(r() * 10)}`,
    };
    for (const [key, make] of EXTRAS.slice(0, i % 4)) person[key] = make(r);
    const company = `company-${i % 97}`;
    users.push({
      distinctId: `user-${i}`,
      personProperties: person,
      groups: { company },
      groupProperties: { company: { industry: INDUSTRIES[i % 4], employees: 5 + ((i * 37) % 900) } },
    });
  }
  return users;
}

// ── shapes ────────────────────────────────────────────────────────────────────────────────────

const person = (key, operator, value) => ({ key, type: 'person', value, operator });
const group = (key, operator, value) => ({ key, type: 'group', value, operator, group_type_index: 0 });
const condition = (properties, rollout, variant = null) => ({ properties, rollout_percentage: rollout, variant });
const VARIANTS = [
  { key: 'control', name: 'Control', rollout_percentage: 34 },
  { key: 'test-a', name: 'Test A', rollout_percentage: 33 },
  { key: 'test-b', name: 'Test B', rollout_percentage: 33 },
];
const lower = (v) => String(v).toLowerCase();
const num = (v) => Number.parseFloat(String(v));
const semver = (v) => String(v).split('.').map(Number);
const cmpSemver = (a, b) => {
  const x = semver(a);
  const y = semver(b);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
};
const DAY = 86_400_000;

/**
 * One shape: `make(b)` gives the filters of block `b`'s flag, `props(u, b)` whether each of its
 * conditions matches user `u` on properties (so the floor can count the SHA-1s a minimal evaluator
 * needs). Flags carry `multivariate`, `group`, `cohort`, `dependency` or `inactive` as they are.
 */
const rolloutOnly = (percent) => ({ make: (b) => ({ groups: [condition([], percent(b))] }), props: () => [true] });
const personFlag = (conditions, props) => ({ make: (b) => ({ groups: conditions(b) }), props: (u, b) => [props(u, b)] });

const BLOCK = [
  // 11 plain rollouts
  ...[10, 25, 50, 75, 100, 33, 5, 90, 60, 45, 100].map((p, k) => rolloutOnly((b) => (p === 100 ? 100 : ((p + b * (k + 3)) % 95) + 5))),
  // 11 person-property flags
  personFlag((b) => [condition([person('plan', 'exact', b % 2 ? ['pro', 'enterprise'] : ['team'])], 100)], (u, b) => (b % 2 ? ['pro', 'enterprise'] : ['team']).includes(u.plan)),
  personFlag((b) => [condition([person('country', 'is_not', [COUNTRIES[b % 8]])], 50)], (u, b) => u.country !== COUNTRIES[b % 8]),
  personFlag((b) => [condition([person('email', 'icontains', DOMAINS[b % 4].split('.')[0].toUpperCase())], 100)], (u, b) => lower(u.email).includes(DOMAINS[b % 4].split('.')[0])),
  personFlag((b) => [condition([person('email', 'not_icontains', DOMAINS[(b + 1) % 4])], 60)], (u, b) => !lower(u.email).includes(DOMAINS[(b + 1) % 4])),
  personFlag((b) => [condition([person('email', 'starts_with', NAMES[b % 9])], 100)], (u, b) => lower(u.email).startsWith(NAMES[b % 9])),
  personFlag((b) => [condition([person('email', 'ends_with', `.${DOMAINS[b % 4].split('.')[1]}`)], 80)], (u, b) => lower(u.email).endsWith(`.${DOMAINS[b % 4].split('.')[1]}`)),
  personFlag((b) => [condition([person('country', 'is_set', 'is_set')], 30 + (b % 50))], () => true),
  {
    make: (b) => ({
      groups: [
        condition([person('plan', 'exact', ['enterprise'])], 100),
        condition([person('country', 'exact', [COUNTRIES[b % 8], COUNTRIES[(b + 3) % 8]]), person('email', 'not_icontains', 'test')], 50),
        condition([], 10),
      ],
    }),
    props: (u, b) => [u.plan === 'enterprise', [COUNTRIES[b % 8], COUNTRIES[(b + 3) % 8]].includes(u.country) && !lower(u.email).includes('test'), true],
  },
  personFlag((b) => [condition([person('country', 'exact', ['US', 'CA']), person('email', 'icontains', 'a')], 80 - (b % 30))], (u) => ['US', 'CA'].includes(u.country) && lower(u.email).includes('a')),
  personFlag((b) => [condition([person('plan', 'is_not', 'free')], 100 - (b % 40))], (u) => u.plan !== 'free'),
  personFlag((b) => [condition([person('country', 'exact', COUNTRIES.slice(b % 5, (b % 5) + 3))], 40)], (u, b) => COUNTRIES.slice(b % 5, (b % 5) + 3).includes(u.country)),
  // 6 numeric, numeric strings on either side
  personFlag((b) => [condition([person('age', 'gt', 20 + (b % 30))], 100)], (u, b) => num(u.age) > 20 + (b % 30)),
  personFlag((b) => [condition([person('age', 'lt', String(40 + (b % 20)))], 70)], (u, b) => num(u.age) < 40 + (b % 20)),
  personFlag((b) => [condition([person('seats', 'gte', 10 + (b % 50))], 100)], (u, b) => num(u.seats) >= 10 + (b % 50)),
  personFlag((b) => [condition([person('seats', 'lte', String(100 + b))], 50)], (u, b) => num(u.seats) <= 100 + b),
  personFlag((b) => [condition([person('age', 'gte', '30'), person('age', 'lte', String(50 + (b % 15)))], 100)], (u, b) => num(u.age) >= 30 && num(u.age) <= 50 + (b % 15)),
  {
    make: () => ({ groups: [condition([person('plan', 'exact', ['pro']), person('seats', 'gt', '5')], 100), condition([person('age', 'lt', 25)], 100)] }),
    props: (u) => [u.plan === 'pro' && num(u.seats) > 5, num(u.age) < 25],
  },
  // 4 regex, one not_regex
  personFlag(() => [condition([person('email', 'regex', '^[a-z]+[0-9]*@example\\.com$')], 100)], (u) => /^[a-z]+[0-9]*@example\.com$/.test(u.email)),
  personFlag(() => [condition([person('email', 'regex', '\\.(io|dev)$')], 50)], (u) => /\.(io|dev)$/.test(u.email)),
  personFlag(() => [condition([person('email', 'not_regex', '^test')], 100)], (u) => !/^test/.test(u.email)),
  personFlag((b) => [condition([person('app_version', 'regex', `^${1 + (b % 3)}\\.`)], 100)], (u, b) => u.app_version.startsWith(`${1 + (b % 3)}.`)),
  // 2 date: absolute and relative
  personFlag((b) => [condition([person('signed_up_at', 'is_date_after', `${2022 + (b % 4)}-06-01`)], 100)], (u, b) => Date.parse(u.signed_up_at) > Date.parse(`${2022 + (b % 4)}-06-01`)),
  personFlag((b) => [condition([person('signed_up_at', 'is_date_before', `-${90 + b}d`)], 60)], (u, b) => Date.parse(u.signed_up_at) < Date.now() - (90 + b) * DAY),
  // 2 semver
  personFlag((b) => [condition([person('app_version', 'semver_gte', `${1 + (b % 3)}.2.0`)], 100)], (u, b) => cmpSemver(u.app_version, `${1 + (b % 3)}.2.0`) >= 0),
  personFlag(
    (b) => [condition([person('app_version', 'semver_caret', `${1 + (b % 2)}.1.0`)], 100)],
    (u, b) => semver(u.app_version)[0] === 1 + (b % 2) && cmpSemver(u.app_version, `${1 + (b % 2)}.1.0`) >= 0,
  ),
  // 6 multivariate: property-filtered (2), a condition-level variant override (2), rollout-only (2)
  { multivariate: true, ...personFlag((b) => [condition([person('country', 'exact', COUNTRIES.slice(0, 4 + (b % 4)))], 50)], (u, b) => COUNTRIES.slice(0, 4 + (b % 4)).includes(u.country)) },
  { multivariate: true, ...personFlag((b) => [condition([person('plan', 'exact', ['pro', 'team']), person('age', 'gte', 21)], 100 - (b % 3) * 25)], (u) => ['pro', 'team'].includes(u.plan) && num(u.age) >= 21) },
  {
    multivariate: true,
    make: () => ({ groups: [condition([person('email', 'icontains', 'acme')], 100, 'test-b'), condition([], 100)] }),
    props: (u) => [lower(u.email).includes('acme'), true],
  },
  {
    multivariate: true,
    make: (b) => ({ groups: [condition([person('plan', 'exact', ['enterprise'])], 100, 'control'), condition([], 20 + (b % 60))] }),
    props: (u) => [u.plan === 'enterprise', true],
  },
  { multivariate: true, ...rolloutOnly(() => 100) },
  { multivariate: true, ...rolloutOnly((b) => 10 + (b % 80)) },
  // 4 group flags (company): two rollouts, two on group properties
  { group: true, ...rolloutOnly((b) => 30 + (b % 60)) },
  { group: true, ...rolloutOnly(() => 100) },
  { group: true, make: (b) => ({ groups: [condition([group('industry', 'exact', [INDUSTRIES[b % 4]])], 100)] }), props: (u, b) => [u.company.industry === INDUSTRIES[b % 4]] },
  { group: true, make: (b) => ({ groups: [condition([group('employees', 'gt', 50 + b)], 70)] }), props: (u, b) => [u.company.employees > 50 + b] },
  // 1 nested cohort: cohort B (plan is not free AND in cohort A), cohort A (country in … OR age > 40)
  {
    make: (b) => ({ groups: [condition([{ key: 'id', type: 'cohort', value: 1000 + b * 2 + 1, operator: 'in' }], 100)] }),
    props: (u, b) => [u.plan !== 'free' && (COUNTRIES.slice(b % 4, (b % 4) + 2).includes(u.country) || num(u.age) > 40)],
  },
  // 1 flag dependency on the block's first plain rollout (memoised: it needs no hash of its own)
  { dependency: 0, make: () => ({ groups: [condition([], 100)] }), props: () => [true] },
  // 2 inactive
  { inactive: true, make: () => ({ groups: [condition([], 100)] }), props: () => [] },
  { inactive: true, make: (b) => ({ groups: [condition([person('plan', 'exact', ['pro'])], 50 + (b % 40))] }), props: () => [] },
];

/** Block position of the property-filtered multivariate flag (the getFeatureFlag rows read it). */
const MV_PROPERTY = BLOCK.findIndex((shape) => shape.multivariate);
/** Block order: the last flag of the set is a multivariate one on person properties (see `order`). */
const ORDER = [...BLOCK.keys()].filter((i) => i !== MV_PROPERTY + 1).concat(MV_PROPERTY + 1);
if (BLOCK.length !== 50) throw new Error(`the block has ${BLOCK.length} shapes, not 50`);

function cohortsOf(b) {
  const a = 1000 + b * 2;
  return {
    [a]: {
      type: 'OR',
      values: [{ type: 'OR', values: [person('country', 'exact', COUNTRIES.slice(b % 4, (b % 4) + 2)), person('age', 'gt', 40)] }],
    },
    [a + 1]: {
      type: 'AND',
      values: [{ type: 'AND', values: [{ key: 'id', type: 'cohort', value: a, negation: false }, person('plan', 'is_not', ['free'])] }],
    },
  };
}

/** Flag `key` of block `b` at block position `p`. */
const keyOf = (b, p) => `flag-${b * 50 + ORDER.indexOf(p)}`;

/**
 * `count` flags (a multiple of 50 or not: the last block is cut short) in PostHog's wire shape, the
 * keys worth naming, and the SHA-1s a minimal evaluator needs for a user's getAllFlags.
 */
export function realisticFlagSet(count) {
  const flags = [];
  const cohorts = {};
  const shapes = [];
  for (let i = 0; i < count; i++) {
    const b = Math.floor(i / 50);
    const p = ORDER[i % 50];
    const shape = BLOCK[p];
    if (i % 50 === 0) Object.assign(cohorts, cohortsOf(b));
    const filters = { groups: [], payloads: {}, multivariate: null, aggregation_group_type_index: null, ...shape.make(b) };
    if (shape.multivariate) {
      filters.multivariate = { variants: VARIANTS };
      filters.payloads = { control: '{"color":"blue"}', 'test-a': '{"color":"green"}', 'test-b': '{"color":"red","size":2}' };
    } else if (i % 7 === 0) filters.payloads = { true: `{"limit":${i}}` };
    if (shape.group) filters.aggregation_group_type_index = 0;
    if (shape.dependency !== undefined) {
      const target = keyOf(b, shape.dependency);
      filters.groups[0].properties = [{ key: target, type: 'flag', value: true, operator: 'flag_evaluates_to', dependency_chain: [target] }];
    }
    const key = `flag-${i}`;
    flags.push({
      id: 10_000 + i,
      team_id: 1,
      name: `${shape.group ? 'Company' : 'Person'} flag ${i}`,
      key,
      filters,
      deleted: false,
      active: shape.inactive !== true,
      ensure_experience_continuity: false,
      has_encrypted_payloads: false,
      version: 1 + (i % 5),
      evaluation_runtime: 'all',
      bucketing_identifier: 'distinct_id',
      evaluation_tags: [],
    });
    shapes.push({ shape, b, filters, key });
  }
  /** SHA-1s a minimal evaluator (dependencies memoised within a call) needs for this user's getAllFlags. */
  const hashes = (user) => {
    const u = { ...user.personProperties, company: user.groupProperties.company };
    let n = 0;
    for (const { shape, b, filters, key } of shapes) {
      const matched = shape.props(u, b);
      const bucket = shape.group ? user.groups.company : user.distinctId;
      for (let c = 0; c < matched.length; c++) {
        if (!matched[c]) continue;
        const { rollout_percentage: rollout, variant } = filters.groups[c];
        if (rollout < 100) {
          n++;
          if (bucketHash(key, bucket, '') > rollout / 100) continue;
        }
        if (shape.multivariate && variant === null) n++;
        break;
      }
    }
    return n;
  };
  const lastKey = flags[flags.length - 1].key;
  return {
    payload: { flags, group_type_mapping: { 0: 'company', 1: 'team' }, cohorts },
    /** The property-filtered multivariate flag of the first block. */
    multivariateKey: keyOf(0, MV_PROPERTY),
    lastKey,
    hashes,
  };
}
