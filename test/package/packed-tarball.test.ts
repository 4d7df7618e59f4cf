// Issue 14 part 5: the package as a new user gets it. `npm pack` on the built tree, then: the tarball
// holds one bundled file per entry and format plus LICENSE and CHANGELOG; publint and
// @arethetypeswrong/cli report nothing; installed into an empty folder, the README's Quick start
// type-checks against the packed .d.ts and runs against the recorder, and CommonJS `require` works.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { type Recorder, startRecorder } from '../../src/testing/index.js';

const run = promisify(execFile);
const repo = process.cwd();
const bin = (name: string) => join(repo, 'node_modules', '.bin', name);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let work: string;
let tarball: string;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'posthog-ts-pack-'));
  // dist/ is already built by `npm test`; --ignore-scripts keeps `prepare` from building it again.
  const { stdout } = await run(npm, ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: repo });
  tarball = join(work, stdout.trim().split('\n').pop() ?? '');
});

after(() => rmSync(work, { recursive: true, force: true }));

/** The README's first ```ts block under "## Quick start". */
function quickStart(): string {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Quick start'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  assert.ok(match, 'README has a ```ts block under ## Quick start');
  return match[1];
}

describe('npm pack', () => {
  it('holds LICENSE, CHANGELOG, README and one self-contained file per entry and format', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball]);
    const files = stdout.trim().split('\n').map((f) => f.replace(/^package\//, ''));
    for (const file of ['LICENSE', 'CHANGELOG.md', 'README.md', 'package.json', 'dist/esm/index.js', 'dist/cjs/index.js', 'dist/esm/edge.d.ts', 'dist/cjs/testing/index.d.ts']) {
      assert.ok(files.includes(file), `${file} is in the tarball`);
    }
    assert.ok(!files.some((f) => f.startsWith('src/') || f.startsWith('test/')), 'no sources or tests');
    const esm = readFileSync(join(repo, 'dist', 'esm', 'index.js'), 'utf8');
    assert.doesNotMatch(esm, /from\s*["']\.\.?\//, 'the ESM entry imports none of our modules: it is bundled');
    assert.match(esm, /from\s*["']node:fs["']/, 'the pattern above would see an import');
  });

  it('publint finds nothing, not even a suggestion', async () => {
    const { stdout } = await run(process.execPath, [bin('publint'), 'run', tarball, '--strict', '--level', 'suggestion']);
    assert.match(stdout, /All good!/, stdout);
  });

  it('@arethetypeswrong/cli finds no problem in any resolution mode', async () => {
    const { stdout } = await run(process.execPath, [bin('attw'), tarball, '--format', 'json']).catch((error: { stdout: string }) => error);
    const report = JSON.parse(stdout) as { analysis: { problems: unknown[] } };
    assert.deepEqual(report.analysis.problems, []);
  });
});

describe('installed from the tarball into an empty folder', () => {
  let app: string;
  let recorder: Recorder;

  before(async () => {
    recorder = await startRecorder({ flags: { 'new-checkout': true, 'pricing-test': 'control' } });
    app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'quick-start-app', private: true, type: 'module' }));
    await run(npm, ['install', '--offline', '--no-audit', '--no-fund', '--silent', tarball], { cwd: app });
  });

  after(async () => recorder.close());

  it("the README's Quick start type-checks against the packed types and runs against the recorder", async () => {
    const code = quickStart().replace("'https://eu.i.posthog.com'", JSON.stringify(recorder.url));
    writeFileSync(join(app, 'quick-start.ts'), code);
    const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
    // skipLibCheck: errors inside @types/node are not the user's; attw has checked our .d.ts resolve.
    const flags = ['--strict', '--skipLibCheck', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--types', 'node', '--typeRoots', join(repo, 'node_modules', '@types')];
    await run(process.execPath, [tsc, ...flags, 'quick-start.ts'], { cwd: app }).catch((error: { stdout: string }) => assert.fail(error.stdout));
    await run(process.execPath, ['quick-start.js'], { cwd: app, env: { ...process.env, POSTHOG_API_KEY: 'phc_quick_start' } });

    const events = recorder.events.map((e) => [e.event, e.distinct_id]);
    for (const expected of [['order placed', 'user-1'], ['$pageview', 'user-1'], ['$identify', 'user-1'], ['$create_alias', 'user-1'], ['report run', 'user-1'], ['$groupidentify', '$company_acme']]) {
      assert.ok(events.some(([event, id]) => event === expected[0] && id === expected[1]), `${expected[0]} as ${expected[1]} in ${JSON.stringify(events)}`);
    }
    assert.ok(recorder.events.every((e) => e.properties.$lib === 'posthog-ts'));
    assert.ok(recorder.requestsTo('flags').length >= 1, 'the flag calls reached /flags');
    assert.ok(recorder.requestsTo('batch').every((r) => r.headers.authorization === undefined));
  });

  it('CommonJS require() loads every entry', async () => {
    const script = "const { PostHog } = require('posthog-ts'); const edge = require('posthog-ts/edge'); const testing = require('posthog-ts/testing');"
      + "console.log([typeof new PostHog('phc_x', { disabled: true }).capture, typeof edge.PostHog, typeof testing.startRecorder].join())";
    const { stdout } = await run(process.execPath, ['-e', script], { cwd: app });
    assert.equal(stdout.trim(), 'function,function,function');
  });
});
