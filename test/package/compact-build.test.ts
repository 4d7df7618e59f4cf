// The published bundles are compacted by the build (scripts/build.mjs): no comments or layout, short
// local names, ASCII only, and the functions on the way to the first flag compiled when the bundle
// loads (scripts/compile-at-import.mjs). These tests check the rewrite, and the result on dist/ as
// `npm test` has just built it (the rest of the suite runs the same code from src/).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';

const repo = process.cwd();
const dist = (format: 'esm' | 'cjs', file: string) => join(repo, 'dist', format, file);
const firstFlagFunctions = (JSON.parse(readFileSync(join(repo, 'scripts', 'first-flag-functions.json'), 'utf8')) as { functions: string[] }).functions;

type Rewrite = (code: string, names: ReadonlySet<string>) => { code: string; found: Set<string> };
const { compileAtImport } = (await import(pathToFileURL(join(repo, 'scripts', 'compile-at-import.mjs')).href)) as { compileAtImport: Rewrite };

/** Runs CommonJS-style code and returns what it put in `out`. */
function run(code: string): unknown[] {
  const out: unknown[] = [];
  new Function('out', code)(out);
  return out;
}

describe('compileAtImport', () => {
  const program = [
    '"use strict";',
    'out.push(early(2));',
    'const table = { double: early };',
    'function early(x) { return x * 2; }',
    'function later(x) { return table.double(x) + 1; }',
    'function untouched(x) { return -x; }',
    'out.push(later(5), untouched(3), early.name, later.name);',
  ].join('\n');

  it('rewrites only the listed top-level functions, as parenthesised expressions at the top', () => {
    const { code, found } = compileAtImport(program, new Set(['early', 'later', 'absent']));
    assert.deepEqual([...found].sort(), ['early', 'later']);
    assert.match(code, /^"use strict";\nvar early = \(function early\(x\)/, 'the directive stays first; the rewritten functions follow it');
    assert.match(code, /var later = \(function later\(x\) \{ return table\.double\(x\) \+ 1; \}\);/);
    assert.match(code, /\nfunction untouched\(x\)/, 'a function not listed stays a declaration');
    assert.equal(code.match(/function early/g)?.length, 1, 'the declaration is moved, not copied');
  });

  it('keeps what the code does: calls before the declaration, references stored at load, names', () => {
    const before = run(program);
    const after = run(compileAtImport(program, new Set(['early', 'later'])).code);
    assert.deepEqual(before, [4, 11, -3, 'early', 'later']);
    assert.deepEqual(after, before);
  });

  it('places them before the first statement that is not a directive or an import', () => {
    const code = '"use strict";\nout.push(f());\n"not a directive";\nfunction f() { return 1; }\n';
    const rewritten = compileAtImport(code, new Set(['f'])).code;
    assert.match(rewritten, /^"use strict";\nvar f = \(function f\(\)/);
    assert.deepEqual(run(rewritten), [1]);
  });

  it('leaves exported declarations as they are, and rewrites async ones', () => {
    const { code, found } = compileAtImport('export function f() { return 1; }\nasync function g() { return 2; }\n', new Set(['f', 'g']));
    assert.deepEqual([...found], ['g']);
    assert.match(code, /^\nvar g = \(async function g\(\) \{ return 2; \}\);\nexport function f\(\)/);
  });

  it('keeps module imports first', () => {
    const { code } = compileAtImport('import { a } from "x";\nimport * as b from "y";\nfunction f() { return a + b; }\nexport { f };\n', new Set(['f']));
    assert.match(code, /^import \{ a \} from "x";\nimport \* as b from "y";\nvar f = \(function f\(\)/);
  });
});

describe('the built bundles', () => {
  for (const format of ['esm', 'cjs'] as const) {
    it(`${format}: every file is ASCII and compact, and the entry compiles every first-flag function at load`, () => {
      for (const file of ['index.js', 'edge.js', 'openfeature.js', 'redis.js', 'nestjs.js', 'otel.js', 'testing/index.js']) {
        const code = readFileSync(dist(format, file), 'utf8');
        const outside = /[^\0-\x7f]/.exec(code);
        assert.equal(outside, null, `${format}/${file} is ASCII`);
      }
      const index = readFileSync(dist(format, 'index.js'), 'utf8');
      assert.doesNotMatch(index, /\/\*\*\s/, 'no doc comments');
      assert.ok(index.includes('function compileFlag('), 'top-level functions keep their names');
      assert.ok(firstFlagFunctions.length > 20, 'the list names the functions of the way to the first flag');
      for (const name of firstFlagFunctions) {
        const compiledAtLoad = index.includes(`var ${name} = (function ${name}(`) || index.includes(`var ${name} = (async function ${name}(`);
        assert.ok(compiledAtLoad, `${format}/index.js compiles ${name} at load`);
      }
    });
  }

  it('public classes keep their names after compaction, in both formats', async () => {
    const esm = (await import(pathToFileURL(dist('esm', 'index.js')).href)) as Record<string, { name: string }>;
    const cjs = createRequire(import.meta.url)(dist('cjs', 'index.js')) as Record<string, { name: string }>;
    for (const exports of [esm, cjs]) {
      for (const name of ['PostHog', 'Properties', 'Groups', 'PostHogError', 'PostHogValidationError']) {
        assert.equal(exports[name]?.name, name, `${name}.name`);
      }
    }
  });
});
