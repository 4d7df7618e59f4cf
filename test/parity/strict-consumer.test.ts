// Types users can live with: an application compiled with `exactOptionalPropertyTypes` (and every
// other strict flag) passes `process.env.X` as an option and leaves the distinct id out inside a
// request context, against the published types of the built package.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

describe('strict consumers', () => {
  it('compile against dist/ with exactOptionalPropertyTypes', () => {
    const tsc = join(process.cwd(), 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', join(process.cwd(), 'test', 'fixtures', 'strict-consumer', 'tsconfig.json')], { encoding: 'utf8' });
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
  });
});
