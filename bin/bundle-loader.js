// Runs the CLI bundle (dist/bundle/tlscheck.cjs, one CommonJS file) with V8's code cache of it
// (tlscheck.cjs.cache, written by `npm run build`, scripts/code-cache.mjs): V8 then skips
// compiling the functions a run uses, ~45 ms of a one-domain run. Node 20 has no compile cache
// for ES modules (module.enableCompileCache is Node 22), hence one CommonJS file run as a
// vm.Script, the one documented way to hand V8 a cache. A cache V8 cannot use (another Node or
// V8 flags) is rejected by V8 itself and the bundle is compiled as usual.
//
// V8 checks its flags when it reads a cache, against those in force when the cache was written:
// the CLI's own flags (its heap heuristics, src/run/heap.ts) are set by bin/tlscheck.js after
// compiling, and scripts/code-cache.mjs never sets them, so both sides compile under Node's.
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

const BUNDLE = join(__dirname, '..', 'dist', 'bundle', 'tlscheck.cjs');

// What Node wraps every CommonJS file in; the same text when the cache is made and used.
const HEAD = '(function (exports, require, module, __filename, __dirname) { ';
const TAIL = '\n})';

/** The bundle compiled, with the cache when there is one; throws ENOENT when it was not built. */
function compileBundle(cachedData = readCache()) {
  return new Script(HEAD + readFileSync(BUNDLE, 'utf8') + TAIL, { filename: BUNDLE, cachedData });
}

/** Runs the compiled bundle's top level; returns its exports (main). */
function runBundle(script) {
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE));
  return module.exports;
}

function cacheFile() {
  return `${BUNDLE}.cache`;
}

function readCache() {
  try {
    return readFileSync(cacheFile());
  } catch {
    return undefined; // not made (the build could not run its workload): compile as usual
  }
}

module.exports = { BUNDLE, compileBundle, runBundle, cacheFile };
