// Runs every compiled test file with node's built-in runner (node 20 takes no globs, so we list them).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(process.cwd(), '.test-build', 'test');
const files = [];
const walk = (d) => {
  for (const name of readdirSync(d)) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.js')) files.push(p);
  }
};
walk(dir);
const filter = process.argv[2];
const selected = filter ? files.filter((f) => f.includes(filter)) : files;
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...selected], { stdio: 'inherit' });
process.exit(result.status ?? 1);
