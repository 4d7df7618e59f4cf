// Writes scripts/first-flag-functions.json: the top-level functions of dist/esm/index.js that a fresh
// process runs from `new PostHog()` (personal API key, definitions served at once) until a local
// evaluation of one flag has a value — the window of the bench's "time to the last flag" rows, which
// is also a server's first flag request. The build compiles these when the bundle loads
// (scripts/compile-at-import.mjs). Run after `npm run build` whenever the way to the first flag
// changes; the build fails when a listed name no longer exists.
// Usage: npm run build && node scripts/list-first-flag-functions.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

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

/**
 * A named top-level function, as a declaration or in the form the build gives the functions it
 * compiles at load (`var name = (function name(...) {...});`), so that this runs on any build.
 */
function declaredFunction(statement) {
  if (ts.isFunctionDeclaration(statement)) return statement.name === undefined ? undefined : statement;
  if (!ts.isVariableStatement(statement)) return undefined;
  const [declaration] = statement.declarationList.declarations;
  const value = declaration?.initializer;
  if (value === undefined || !ts.isParenthesizedExpression(value) || !ts.isFunctionExpression(value.expression)) return undefined;
  return value.expression.name === undefined ? undefined : value.expression;
}

const dir = mkdtempSync(join(tmpdir(), 'first-flag-functions-'));
try {
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
  const functions = [];
  for (const statement of source.statements) {
    const fn = declaredFunction(statement);
    // V8 places a function at the opening parenthesis of its parameters.
    if (fn !== undefined && ran.has(fn.parameters.pos - 1)) functions.push(fn.name.text);
  }
  const out = join(root, 'scripts', 'first-flag-functions.json');
  writeFileSync(out, `${JSON.stringify({ about: 'written by scripts/list-first-flag-functions.mjs; read by scripts/build.mjs', functions: functions.sort() }, null, 2)}\n`);
  console.log(`${functions.length} top-level functions run on the way to the first flag; written to scripts/first-flag-functions.json`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
