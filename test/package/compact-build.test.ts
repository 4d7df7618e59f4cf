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
import ts from 'typescript';

const repo = process.cwd();
const dist = (format: 'esm' | 'cjs', file: string) => join(repo, 'dist', format, file);
const firstFlagFunctions = (JSON.parse(readFileSync(join(repo, 'scripts', 'first-flag-functions.json'), 'utf8')) as { functions: string[] }).functions;

type Rewrite = (code: string, names: ReadonlySet<string>) => { code: string; found: Set<string> };
const { compileAtImport, functionKeys } = (await import(pathToFileURL(join(repo, 'scripts', 'compile-at-import.mjs')).href)) as {
  compileAtImport: Rewrite;
  functionKeys: (file: ts.SourceFile) => Map<ts.Node, string>;
};

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

describe('compileAtImport inside functions and classes', () => {
  // Every kind of function the rewrite takes, each called after load; `out` records what they do.
  const program = [
    '"use strict";',
    'class Counter {',
    '  #n = 0;',
    '  static made = 0;',
    '  constructor(start) { this.#n = start; Counter.made++; }',
    '  add(by) { this.#n += by; return this; }',
    '  get value() { return this.#n; }',
    '  set value(v) { this.#n = v; }',
    '  static of(n) { return new Counter(n); }',
    '  async later() { return this.#n; }',
    '  *steps() { yield this.#n; yield this.#n + 1; }',
    '  sup() { return "base"; }',
    '}',
    'class Child extends Counter { sup() { return "child:" + super.sup(); } }',
    'function outer(k) {',
    '  out.push(inner(k));',
    '  const twice = (x) => x * 2;',
    '  const self = () => this === undefined;',
    '  const args = () => arguments.length;',
    '  const table = { scale(x) { return x * k; }, more: function (x) { return x + k; } };',
    '  function inner(x) { return x + 1; }',
    '  return [twice(k), self(), args(), table.scale(2), table.more(1)];',
    '}',
    'const make = (n) => ({ n });',
    'const c = Counter.of(1).add(2);',
    'out.push(c.value, (c.value = 7, c.value), [...c.steps()], Counter.made, new Child(0).sup());',
    'out.push(outer(3), make(4).n, Counter.prototype.add.name, Counter.of.name);',
    'const d = Object.getOwnPropertyDescriptor(Counter.prototype, "add");',
    'const v = Object.getOwnPropertyDescriptor(Counter.prototype, "value");',
    'out.push(d.enumerable, d.writable, d.configurable, v.enumerable, typeof v.get, typeof v.set, Object.keys(c).length);',
    'c.later().then((n) => out.push(n));',
  ].join('\n');
  const keysOf = (code: string) => {
    const file = ts.createSourceFile('bundle.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
    return [...functionKeys(file).values()];
  };
  const everything = new Set(keysOf(program));

  it('names functions by their statement, their order in it and their own name', () => {
    const keys = keysOf(program);
    for (const key of ['Counter/0:constructor', 'Counter/1:add', 'Counter/2:get value', 'Counter/3:set value', 'Counter/4:of', 'Child/0:sup', 'outer', 'outer/0:=>', 'outer/3:scale', 'outer/4:function', 'outer/5:inner', 'make/0:=>']) {
      assert.ok(keys.includes(key), `${key} in ${keys.join(' ')}`);
    }
  });

  it('keeps what the code does when every function it can take is rewritten', async () => {
    const settle = async (code: string) => {
      const out = run(code);
      await new Promise((resolve) => setImmediate(resolve));
      return out;
    };
    const before = await settle(program);
    const { code, found } = compileAtImport(program, everything);
    const after = await settle(code);
    assert.deepEqual(after, before);
    assert.deepEqual(before.slice(0, 5), [3, 7, [7, 8], 1, 'child:base']);
    assert.ok(found.has('Counter/1:add') && found.has('outer/0:=>') && found.has('outer/5:inner'));
  });

  it('rewrites each kind into a parenthesised function, and leaves what it cannot take', () => {
    const { code, found } = compileAtImport(program, everything);
    assert.match(code, /class Counter \{static\{Object\.defineProperties\(this\.prototype,\{add:\{value:\(function add\(by\)/, 'a method is installed by a static block');
    assert.match(code, /value:\{get:\(function value\(\)\{ return this\.#n; \}\),set:\(function value\(v\)/, 'a getter and its setter move together');
    assert.match(code, /static\{Object\.defineProperties\(this,\{of:\{value:\(function of\(n\)/, 'a static method goes on the class');
    assert.match(code, /later:\{value:\(async function later\(\)/);
    assert.match(code, /steps:\{value:\(function\* steps\(\)/);
    assert.match(code, /const twice = \(function \(x\)\{return x \* 2\}\);/, 'an arrow without this or arguments');
    assert.match(code, /const self = \(\) => this === undefined;/, 'an arrow using this stays');
    assert.match(code, /const args = \(\) => arguments\.length;/, 'an arrow using arguments stays');
    assert.match(code, /scale:\(function scale\(x\)/, 'an object literal method');
    assert.match(code, /more: \(function \(x\)/, 'a function expression');
    assert.match(code, /function outer\(k\) \{\nvar inner = \(function inner\(x\)/, 'a nested declaration moves to the top of its body');
    assert.match(code, /class Child extends Counter \{ sup\(\) \{ return "child:" \+ super\.sup\(\); \} \}/, 'a method using super stays');
    assert.match(code, /constructor\(start\)/, 'constructors stay');
    assert.ok(!found.has('Child/0:sup') && !found.has('Counter/0:constructor') && !found.has('outer/1:=>'));
  });

  it('leaves a method whose name is a variable it uses', () => {
    const code = 'function add(x) { return x; }\nclass A { add(x) { return add(x) + 1; } }\nout.push(new A().add(1));';
    const rewritten = compileAtImport(code, new Set(['A/0:add'])).code;
    assert.match(rewritten, /class A \{ add\(x\)/);
    assert.deepEqual(run(rewritten), [2]);
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
      assert.ok(firstFlagFunctions.length > 100, 'the list names the functions of the way to the first flag');
      const found = JSON.parse(readFileSync(join(repo, '.build', 'tsc', `first-flag-found.${format}.json`), 'utf8')) as string[];
      assert.deepEqual(firstFlagFunctions.filter((key) => !found.includes(key)), [], `${format}/index.js: listed functions the rewrite did not find`);
      for (const name of firstFlagFunctions.filter((key) => !key.includes('/'))) {
        const compiledAtLoad = index.includes(`var ${name} = (function ${name}(`) || index.includes(`var ${name} = (async function ${name}(`);
        assert.ok(compiledAtLoad, `${format}/index.js compiles ${name} at load`);
      }
      assert.ok(index.includes('static{Object.defineProperties(this.prototype,{'), 'methods are installed by static blocks');
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
