// Runs the CLI bundle (dist/bundle/tlscheck.cjs, one CommonJS file) with V8's code cache of it
// (tlscheck.cjs.cache, written by `npm run build`, scripts/code-cache.mjs): V8 then skips
// compiling the functions a run uses, ~45 ms of a one-domain run. Node 20 has no compile cache
// for ES modules (module.enableCompileCache is Node 22), hence one CommonJS file run as a
// vm.Script, the one documented way to hand V8 a cache. A cache V8 cannot use (another Node or
// V8 flags) is rejected by V8 itself and the bundle is compiled as usual.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { keepHeapNearLive } from '../dist/src/run/heap.js';

export const BUNDLE = fileURLToPath(new URL('../dist/bundle/tlscheck.cjs', import.meta.url));

// What Node wraps every CommonJS file in; the same text when the cache is made and used.
const HEAD = '(function (exports, require, module, __filename, __dirname) { ';
const TAIL = '\n})';

/**
 * The bundle compiled, with the cache when there is one; throws ENOENT when it was not built.
 * V8 accepts a cache only under the flags it was made with, and the CLI sets two (its heap
 * heuristics, src/run/heap.ts): they are set here, before compiling, both when the cache is made
 * and when it is used (main sets them again: the same values).
 */
export function compileBundle(cachedData = readCache()) {
  keepHeapNearLive();
  return new Script(HEAD + readFileSync(BUNDLE, 'utf8') + TAIL, { filename: BUNDLE, cachedData });
}

/** Runs the compiled bundle's top level; returns its exports (main). */
export function runBundle(script) {
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE));
  return module.exports;
}

export function cacheFile() {
  return `${BUNDLE}.cache`;
}

function readCache() {
  try {
    return readFileSync(cacheFile());
  } catch {
    return undefined; // not made (the build could not run its workload): compile as usual
  }
}
