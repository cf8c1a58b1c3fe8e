// The build step after tsc: one bundle of the CLI (dist/bundle/tlscheck.cjs), so `tlscheck
// example.com` reads one file instead of ~100 modules and their dependencies, and V8's code cache
// of it (issue 15, "One domain, fast"; bin/bundle-loader.js says why CommonJS). The layout of src/
// is unchanged and dist/src/ is still built: the tests import its modules, and the bundle is made
// from it. Commands and formats a run does not use are dynamic imports in src/: in the bundle
// their modules are only evaluated when used.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { indexRoots } from '../dist/src/tls/trust-store.js';

/**
 * src/ loads a few Node modules only when needed (`await import('node:zlib')`), but a vm.Script has
 * no loader for import() (bin/bundle-loader.js): in the bundle such an import is a require() of
 * the module, made when the import is.
 */
const lazyNodeModules = {
  name: 'lazy-node-modules',
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, namespace: 'lazy-node' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-node' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
    }));
  },
};

rmSync('dist/bundle', { recursive: true, force: true });
const { metafile } = await build({
  entryPoints: { tlscheck: 'dist/src/cli/main.js' },
  outdir: 'dist/bundle',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // src/ finds files beside its code (roots-index.json, package.json) from import.meta.url: the
  // bundle's own URL, as it is for an ES module.
  define: { 'import.meta.url': '__tlscheckUrl' },
  banner: { js: "const __tlscheckUrl = require('node:url').pathToFileURL(__filename).href;" },
  minify: true,
  // For stack traces (node --enable-source-maps): the bundle is minified, the map leads back to src/.
  sourcemap: 'linked',
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
  plugins: [lazyNodeModules],
});
// Any other import() of a module left outside the bundle would fail at run time in the vm.Script.
const dynamic = Object.values(metafile.outputs).flatMap((output) =>
  output.imports.filter((entry) => entry.external && entry.kind === 'dynamic-import').map((entry) => entry.path),
);
if (dynamic.length > 0) throw new Error(`bundle: import() of ${dynamic.join(', ')}: import these statically (see bin/bundle-loader.js)`);

// Which bundled root has which subject, for this Node's roots (src/tls/trust-store.ts): next to
// the bundle and next to dist/src's trust store, so both parse only the roots a chain needs.
const index = JSON.stringify(indexRoots());
for (const dir of ['dist/bundle', 'dist/src/tls']) writeFileSync(`${dir}/roots-index.json`, index);

// In a fresh node, as bin/tlscheck.js runs: V8 accepts a cache only from the same version and flags.
execFileSync(process.execPath, ['scripts/code-cache.mjs'], { stdio: 'inherit' });
