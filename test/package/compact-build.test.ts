// The published bundles are compacted by the build (scripts/build.mjs): no comments or layout, short
// local names, ASCII only. These tests check the result, and that the names users see stay, on
// dist/ as `npm test` has just built it (the rest of the suite runs the same code from src/).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';

const repo = process.cwd();
const dist = (format: 'esm' | 'cjs', file: string) => join(repo, 'dist', format, file);

describe('the built bundles', () => {
  for (const format of ['esm', 'cjs'] as const) {
    it(`${format}: every file is ASCII and compact`, () => {
      for (const file of ['index.js', 'edge.js', 'openfeature.js', 'redis.js', 'nestjs.js', 'otel.js', 'testing/index.js']) {
        const code = readFileSync(dist(format, file), 'utf8');
        const outside = /[^\0-\x7f]/.exec(code);
        assert.equal(outside, null, `${format}/${file} is ASCII`);
      }
      const index = readFileSync(dist(format, 'index.js'), 'utf8');
      assert.doesNotMatch(index, /\/\*\*\s/, 'no doc comments');
      assert.ok(index.includes('function compileFlag('), 'top-level functions keep their names');
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
