// Writes a workerd config (stdout) serving scripts/runtimes/worker.mjs with every module of
// dist/esm, allowed to reach the stand-in on loopback. workerd embeds files by paths relative to
// the config, so the config goes in <dir>, a copy of the repo's dist/esm and scripts/runtimes.
// Usage: node workerd-config.mjs <stand-in url> <port> <dir>
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const [standIn, port, root] = process.argv.slice(2);
const modules = ['scripts/runtimes/worker.mjs'];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.js')) modules.push(relative(root, path));
  }
};
walk(join(root, 'dist', 'esm'));
const embed = (name) => `(name = "${name}", esModule = embed "${name}")`;
console.log(`using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [
    ${modules.map(embed).join(',\n    ')}
  ],
  compatibilityDate = "2025-09-01",
  globalOutbound = "loopback",
  bindings = [ (name = "STAND_IN", text = "${standIn}") ],
);`);
