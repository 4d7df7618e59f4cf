// The test suite starts real servers it cannot get from npm: redis-server (Debian package) for the
// posthog-ts/redis tests. On a fresh machine of the kind CI uses (Debian, root) it is installed here,
// so `npm ci && npm test` works with nothing but Node.js; anywhere else a missing one is a clear error.
import { spawnSync } from 'node:child_process';

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

if (!has('redis-server')) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && has('apt-get')) {
    console.log('installing redis-server (Debian package) for the posthog-ts/redis tests…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', 'redis-server'], { stdio: 'ignore', env }) : update;
    if (install.status !== 0 || !has('redis-server')) {
      console.error('could not install redis-server with apt-get; install it (apt-get install redis-server) and run the tests again');
      process.exit(1);
    }
  } else {
    console.error('the tests need redis-server on the PATH (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis)');
    process.exit(1);
  }
}
