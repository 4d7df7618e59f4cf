// Builds the ESM and CJS outputs with tsc and checks that every path in the exports map exists.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.cjs.json'], { cwd: root, stdio: 'inherit' });
mkdirSync(join(root, 'dist', 'cjs'), { recursive: true });
writeFileSync(join(root, 'dist', 'cjs', 'package.json'), '{ "type": "commonjs" }\n');

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
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
console.log('build ok: dist/esm, dist/cjs, exports map checked');
