// The build step after tsc: one ESM bundle of the CLI (dist/bundle/), so `tlscheck example.com`
// loads a few files instead of ~100 modules and their dependencies (issue 15, "One domain, fast").
// The layout of src/ is unchanged and dist/src/ is still built: the tests import its modules, and
// the bundle is made from it. Commands and formats a run does not use are split into chunks
// that are only loaded when used (dynamic import in src/).
import { rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { indexRoots } from '../dist/src/tls/trust-store.js';

// Chunk names carry a hash: clear the old ones.
rmSync('dist/bundle', { recursive: true, force: true });
await build({
  entryPoints: { tlscheck: 'dist/src/cli/main.js' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The CommonJS dependencies (dns-packet, cli-table3, smtp-server) call require(): give them one.
  banner: { js: "import { createRequire as __tlscheckRequire } from 'node:module'; const require = __tlscheckRequire(import.meta.url);" },
  minify: true,
  // For stack traces (node --enable-source-maps): the bundle is minified, the map leads back to src/.
  sourcemap: 'linked',
  legalComments: 'linked',
  logLevel: 'warning',
});

// Which bundled root has which subject, for this Node's roots (src/tls/trust-store.ts): next to
// the bundle and next to dist/src's trust store, so both parse only the roots a chain needs.
const index = JSON.stringify(indexRoots());
for (const dir of ['dist/bundle', 'dist/src/tls']) writeFileSync(`${dir}/roots-index.json`, index);
