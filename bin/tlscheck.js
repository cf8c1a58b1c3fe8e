#!/usr/bin/env node
// The published executable: a shim over the built CLI (run `npm run build` first; `npm ci` does it).
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
