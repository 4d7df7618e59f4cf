// Builds dist/: tsc compiles src/ once (type-checked, with .d.ts) into .build/tsc, then Rollup bundles
// each entry of the exports map into one ESM file, one CJS file and one .d.ts (rollup-plugin-dts), so
// importing an entry reads one file instead of ~70. Rollup is a dev dependency only: its native part
// comes as a per-platform optional package, so it installs without install scripts. Every path the
// exports map names is then checked to exist, with "types" first in each condition.
// Each bundle is then made compact (see `compact` below) and the functions on the way to the first
// flag are compiled when it loads (scripts/compile-at-import.mjs).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';
import { minify } from 'terser';
import { compileAtImport } from './compile-at-import.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const compiled = join(root, '.build', 'tsc');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

rmSync(join(root, 'dist'), { recursive: true, force: true });
rmSync(compiled, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--outDir', compiled], { cwd: root, stdio: 'inherit' });

/** Entries from the exports map: `./dist/esm/<name>.js` is bundled from src/<name>.ts. */
const entries = Object.values(pkg.exports)
  .map((target) => target?.import?.default)
  .filter((path) => typeof path === 'string' && path.startsWith('./dist/esm/'))
  .map((path) => path.slice('./dist/esm/'.length, -'.js'.length));

// Node built-ins and packages (optional peers of optional entries) stay imports; our modules are inlined.
const external = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');
// The experimental entry exports only types: its JavaScript is empty on purpose.
const expected = (warning) => warning.code === 'CIRCULAR_DEPENDENCY' || (warning.code === 'EMPTY_BUNDLE' && warning.message.includes('"experimental"'));
const quiet = (warning, warn) => (expected(warning) ? undefined : warn(warning));

// POSTHOG_TS_BUILD_LAZY=1 leaves every function to be compiled when first called: the bundle that
// scripts/list-first-flag-functions.mjs records the first flag's functions on.
const firstFlagFunctions = new Set(process.env.POSTHOG_TS_BUILD_LAZY === '1' ? [] : JSON.parse(readFileSync(join(root, 'scripts', 'first-flag-functions.json'), 'utf8')).functions);

/**
 * Rewrites a bundle in the form a fresh process loads fastest; what it does stays the same.
 * - Comments and layout go, and local variables and parameters get short names (Terser, without
 *   its code rewrites). Top-level functions and classes keep their names, so stack traces and
 *   `PostHog.name` still read as in the source. Loading parses every byte, and a function's first
 *   call parses its text again: the 590 KB entry became ~260 KB. Statements end at line breaks, so
 *   that line-based tools (publint's format check among them) do not meet one 260 KB line.
 * - Every character outside ASCII is written as an escape. Node.js decodes a module's source from
 *   UTF-8, and V8 keeps and scans it as one byte per character only when all of it is ASCII: one
 *   `\u2026` in a message made the whole entry take the slow decode and the two-byte scanner, about
 *   5 ms of a fresh process's import (bench/cold-start.mjs). The build fails if any is left.
 * - The functions of scripts/first-flag-functions.json are compiled at load (see
 *   scripts/compile-at-import.mjs). A listed key the main entry lacks is reported, and
 *   test/package/compact-build.test.ts fails until the list is written again.
 */
async function compact(file, entry) {
  const minified = await minify(readFileSync(file, 'utf8'), {
    module: false,
    toplevel: false,
    compress: false,
    mangle: { toplevel: false },
    format: { ascii_only: true, comments: false, semicolons: false },
  });
  const { code, found } = compileAtImport(minified.code, firstFlagFunctions);
  const missing = [...firstFlagFunctions].filter((name) => !found.has(name));
  // What the entry's rewrite took, for test/package/compact-build.test.ts.
  if (entry === 'index') writeFileSync(join(compiled, `first-flag-found.${file.includes('/cjs/') ? 'cjs' : 'esm'}.json`), JSON.stringify([...found].sort()));
  if (entry === 'index' && missing.length > 0 && firstFlagFunctions.size > 0) {
    console.warn(`${file} no longer has ${missing.join(', ')}, listed in scripts/first-flag-functions.json: run node scripts/list-first-flag-functions.mjs, then build again`);
  }
  const outside = /[^\0-\x7f]/.exec(code);
  if (outside !== null) throw new Error(`${file} has a character outside ASCII at ${outside.index}`);
  writeFileSync(file, code);
}

for (const entry of entries) {
  const code = await rollup({ input: join(compiled, `${entry}.js`), external, onwarn: quiet });
  for (const [directory, format] of [['esm', 'es'], ['cjs', 'cjs']]) {
    const file = join(root, 'dist', directory, `${entry}.js`);
    await code.write({ file, format, ...(format === 'cjs' ? { exports: 'named' } : {}) });
    await compact(file, entry);
  }
  await code.close();
  const types = await rollup({ input: join(compiled, `${entry}.d.ts`), external, plugins: [dts()], onwarn: quiet });
  await types.write({ file: join(root, 'dist', 'esm', `${entry}.d.ts`), format: 'es' });
  await types.close();
  copyFileSync(join(root, 'dist', 'esm', `${entry}.d.ts`), join(root, 'dist', 'cjs', `${entry}.d.ts`));
}
mkdirSync(join(root, 'dist', 'cjs'), { recursive: true });
writeFileSync(join(root, 'dist', 'cjs', 'package.json'), '{ "type": "commonjs" }\n');

const missing = [];
const visit = (target) => {
  if (typeof target === 'string') {
    if (target.startsWith('./dist/') && !existsSync(join(root, target))) missing.push(target);
  } else if (target && typeof target === 'object') {
    const keys = Object.keys(target);
    if (keys.includes('types') && keys[0] !== 'types') missing.push(`"types" must come first in ${keys.join(',')}`);
    for (const value of Object.values(target)) visit(value);
  }
};
visit(pkg.exports);
if (missing.length > 0) {
  console.error(`exports map check failed:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
console.log(`build ok: ${entries.join(', ')} bundled into dist/esm and dist/cjs; exports map checked`);
