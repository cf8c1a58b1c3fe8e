// Writes V8's code cache of the CLI bundle (dist/bundle/tlscheck.cjs.cache, read by
// bin/bundle-loader.js). A cache holds the functions compiled when it is made, so the bundle first
// runs what a one-domain check runs: `tlscheck demo` (its own DNS and SMTP servers on loopback,
// probes, TLS, verdicts, the table), output discarded. If that cannot run here, the cache holds
// the top level only (about half the gain) and the build says so.
import { rmSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { cacheFile, compileBundle, runBundle } from '../bin/bundle-loader.js';

const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });

rmSync(cacheFile(), { force: true });
const script = compileBundle(undefined);
const cli = runBundle(script);
const io = { stdin: process.stdin, stdout: discard(), stderr: discard(), env: {} };
const code = await cli.main(['demo'], io).catch((error) => error);
if (code !== 0) process.stderr.write(`code cache: tlscheck demo did not run (${code}); caching the top level only\n`);
writeFileSync(cacheFile(), script.createCachedData());
