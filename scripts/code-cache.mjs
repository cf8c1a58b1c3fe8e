// Writes V8's code cache of the CLI bundle (dist/bundle/tlscheck.cjs.cache, read by
// bin/bundle-loader.js). A cache holds the functions compiled when it is made, so the bundle
// first does what `tlscheck <domain>` does: a check of valid.test, which publishes MTA-STS and
// TLS-RPT, and of wrongname.test, whose certificate fails, against the demo world (its DNS, SMTP
// and HTTPS servers on loopback, run from dist/src, outside the bundle, so the cache holds none
// of the world's code), the table written nowhere. If that cannot run here, the cache holds the
// bundle's top level only (about half the gain) and the build says so.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { cacheFile, compileBundle, runBundle } from '../bin/bundle-loader.js';
import { fixturesDir, loadScenario } from '../dist/src/world/scenario.js';
import { startWorld } from '../dist/src/world/world.js';

const DOMAINS = ['valid.test', 'wrongname.test'];
const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });

async function checkAgainstDemoWorld(cli) {
  const world = await startWorld(loadScenario(join(fixturesDir(), 'scenarios', 'demo.json')));
  try {
    const aim = ['--resolver', `${world.dns.host}:${world.dns.port}`, '--port', String(world.smtpPort)];
    aim.push('--policy-port', String(world.policyServer.port), '--ca-file', world.caFile);
    for (const domain of DOMAINS) {
      const io = { stdin: process.stdin, stdout: discard(), stderr: discard(), env: {} };
      const code = await cli.main([domain, ...aim], io);
      if (code !== 0) throw new Error(`tlscheck ${domain} exited ${code}`);
    }
  } finally {
    await world.close();
  }
}

rmSync(cacheFile(), { force: true });
const script = compileBundle(undefined);
const cli = runBundle(script);
await checkAgainstDemoWorld(cli).catch((error) =>
  process.stderr.write(`code cache: the checks did not run (${error.message}); caching the top level only\n`),
);
writeFileSync(cacheFile(), script.createCachedData());
