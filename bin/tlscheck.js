#!/usr/bin/env node
// The published executable: a shim over the built CLI, the bundle of `npm run build` (one file
// and V8's code cache of it, bundle-loader.js: a fast start). A checkout built with tsc alone
// still runs, from dist/src. CommonJS (bin/package.json): an ES module entry would start Node's
// ES module loader, ~8 ms of a one-domain run, for nothing the bundle needs.
const { BUNDLE, compileBundle, runBundle } = require('./bundle-loader.js');

async function start() {
  let cli;
  try {
    cli = runBundle(compileBundle());
  } catch (error) {
    if (error?.code !== 'ENOENT' || error.path !== BUNDLE) throw error;
    cli = await import('../dist/src/cli/main.js');
  }
  // A process-wide V8 setting, so the executable's to make; after compiling (see bundle-loader.js).
  cli.keepHeapNearLive();
  const code = await cli.main(process.argv.slice(2));
  // After Ctrl-C (130) or SIGTERM (143), probes cut short may still hold sockets open: the report
  // is written, so leave.
  if (code === 130 || code === 143) process.exit(code);
  process.exitCode = code;
}

start();
