// Writes scripts/first-flag-functions.json: the functions of dist/esm/index.js that a fresh
// process runs from `new PostHog()` (personal API key, definitions served at once) until a local
// evaluation of one flag has a value — the window of the bench's "time to the last flag" rows, which
// is also a server's first flag request. The build compiles these when the bundle loads
// (scripts/compile-at-import.mjs). It builds the bundle without that rewrite, records the window on
// it, writes the list by the rewrite's keys (only functions the rewrite can take), and builds again.
// Run it whenever the way to the first flag changes; the build warns when a listed key no longer
// exists, and test/package/compact-build.test.ts fails.
// Usage: node scripts/list-first-flag-functions.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { canCompileAtImport, functionKeys } from './compile-at-import.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'esm', 'index.js');
const bench = (file) => pathToFileURL(join(root, 'bench', file)).href;

// The child marks the end of the import by calling a function of its own, then runs the window.
const child = `
import { makeUsers, realisticFlagSet } from ${JSON.stringify(bench('realistic-flags.mjs'))};
import { stubFetch } from ${JSON.stringify(bench('stub-fetch.mjs'))};
const { PostHog } = await import(${JSON.stringify(pathToFileURL(bundle).href)});
const set = realisticFlagSet(500);
const fetch = stubFetch({ definitions: set.payload });
const [user] = makeUsers(1, 11);
(function windowStartsHere() {})();
const client = new PostHog('phc_list', { host: 'http://posthog.list.invalid', personalApiKey: 'phx_list', fetch, featureFlagsPollingInterval: 3_600_000, logger: { debug() {}, warn() {}, error() {} } });
let value;
for (let attempt = 0; attempt < 1000 && value === undefined; attempt++) {
  value = await client.getFeatureFlag(set.lastKey, user.distinctId, { personProperties: user.personProperties, groups: user.groups, groupProperties: user.groupProperties, onlyEvaluateLocally: true, sendFeatureFlagEvents: false });
}
if (value === undefined) throw new Error('the last flag never had a value');
process.exit(0);
`;

const build = (lazy) => execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit', env: { ...process.env, POSTHOG_TS_BUILD_LAZY: lazy ? '1' : '0' } });
const dir = mkdtempSync(join(tmpdir(), 'first-flag-functions-'));
try {
  build(true);
  const log = join(dir, 'v8.log');
  execFileSync(process.execPath, ['--log-function-events', `--logfile=${log}`, '--no-logfile-per-isolate', '--input-type=module', '-e', child], { cwd: root, stdio: 'inherit' });
  const lines = readFileSync(log, 'utf8').split('\n');
  const scriptId = lines.map((line) => line.split(',')).find((f) => f[0] === 'script-details' && f[2] === pathToFileURL(bundle).href)?.[1];
  if (scriptId === undefined) throw new Error(`the V8 log does not name ${bundle}`);
  const start = lines.findIndex((line) => line.startsWith('function,first-execution,') && line.endsWith(',windowStartsHere'));
  if (start === -1) throw new Error('the V8 log lacks the window mark');
  const ran = new Set();
  for (const line of lines.slice(start)) {
    const f = line.split(',');
    if (f[0] === 'function' && f[1] === 'first-execution' && f[2] === scriptId) ran.add(Number(f[3]));
  }
  const source = ts.createSourceFile('index.js', readFileSync(bundle, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  // V8 places a function at the opening parenthesis of its parameters, or (an arrow without them) at its start.
  const keys = functionKeys(source);
  const at = new Map();
  for (const node of keys.keys()) for (const position of [node.parameters.pos - 1, node.getStart(source)]) if (!at.has(position)) at.set(position, node);
  const functions = [...new Set([...ran].map((position) => at.get(position)).filter((node) => node !== undefined && canCompileAtImport(node)).map((node) => keys.get(node)))];
  const out = join(root, 'scripts', 'first-flag-functions.json');
  writeFileSync(out, `${JSON.stringify({ about: 'written by scripts/list-first-flag-functions.mjs; read by scripts/build.mjs', functions: functions.sort() }, null, 2)}\n`);
  console.log(`${functions.length} functions run on the way to the first flag and can be compiled at load; written to scripts/first-flag-functions.json`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  build(false);
}
