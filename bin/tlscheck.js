#!/usr/bin/env node
// The published executable: a shim over the built CLI (run `npm run build` first; `npm ci` does it).
import { main } from '../dist/src/cli/main.js';

const code = await main(process.argv.slice(2));
// After Ctrl-C (130) or SIGTERM (143), probes cut short may still hold sockets open: the report is
// written, so leave.
if (code === 130 || code === 143) process.exit(code);
process.exitCode = code;
