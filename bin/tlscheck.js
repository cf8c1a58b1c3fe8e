#!/usr/bin/env node
// The published executable: a shim over the built CLI, the bundle of `npm run build` (one file
// and a few chunks: a fast start). A checkout built with tsc alone still runs, from dist/src.
let cli;
try {
  cli = await import('../dist/bundle/tlscheck.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/bundle/tlscheck.js')) throw error;
  cli = await import('../dist/src/cli/main.js');
}

const code = await cli.main(process.argv.slice(2));
// After Ctrl-C (130) or SIGTERM (143), probes cut short may still hold sockets open: the report is
// written, so leave.
if (code === 130 || code === 143) process.exit(code);
process.exitCode = code;
