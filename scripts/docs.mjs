// API reference with TypeDoc, from the doc comments of every entry in the exports map (src/<name>.ts
// for ./dist/esm/<name>.js). `node scripts/docs.mjs` writes docs/api/ (npm run docs); with `--check`
// it writes nothing and fails when an exported symbol, or a member of one, has no doc comment.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application } from 'typedoc';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const entryPoints = Object.values(pkg.exports)
  .map((target) => target?.import?.default)
  .filter((path) => typeof path === 'string' && path.startsWith('./dist/esm/'))
  .map((path) => join(root, 'src', `${path.slice('./dist/esm/'.length, -'.js'.length)}.ts`));

const app = await Application.bootstrap({
  entryPoints,
  tsconfig: join(root, 'tsconfig.json'),
  out: join(root, 'docs', 'api'),
  name: `${pkg.name} ${pkg.version}`,
  readme: 'none',
  excludeInternal: true,
  excludePrivate: true,
  excludeProtected: true,
  validation: { notExported: true, invalidLink: true, notDocumented: true },
  treatValidationWarningsAsErrors: true,
  // The client's resolved options: its fields are PostHogOptions' after defaults, documented there.
  intentionallyNotExported: ['ResolvedOptions'],
  // Every exported declaration, and the methods of exported classes; members of data shapes are checked by review.
  requiredToBeDocumented: ['Enum', 'Variable', 'Function', 'Class', 'Interface', 'TypeAlias', 'Method', 'Accessor'],
  logLevel: 'Warn',
});
const project = await app.convert();
if (project === undefined) process.exit(1);
app.validate(project);
if (app.logger.hasErrors() || app.logger.hasWarnings()) {
  console.error(`docs: ${app.logger.errorCount + app.logger.warningCount} problem(s) above; every public symbol needs a doc comment`);
  process.exit(1);
}
if (check) console.log(`docs check ok: every public symbol of ${entryPoints.length} entries is documented`);
else {
  await app.generateDocs(project, join(root, 'docs', 'api'));
  console.log('API reference written to docs/api/');
}
