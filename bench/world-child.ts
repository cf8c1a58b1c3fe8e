/**
 * The bench world, run as its own process (node:child_process fork) so that the checker's peak
 * RSS is its own and the CPU work is spread over the cores, as in a real deployment where the
 * servers are elsewhere. Usage: `world-child.js <shape> <n>`. Prints one JSON line on stdout
 * when listening ({"dnsPort", "smtpPort", "startMs"}); answers the IPC message "stats" with a
 * WorldStats; closes everything and exits when the parent disconnects.
 */
import { startDnsServer, type DnsServer } from '../src/world/dns-server.js';
import { startSmtpServer, type RunningSmtpServer } from '../src/world/smtp-server.js';
import type { Scenario } from '../src/world/scenario.js';
import { assignAddresses, zoneOf } from '../src/world/world.js';
import { SHAPES, type Shape } from './options.js';
import { benchScenario } from './world-spec.js';

export interface WorldReady {
  dnsPort: number;
  smtpPort: number;
  /** Time to build the zone and start every server, ms. */
  startMs: number;
}

export interface WorldStats {
  /** Well-formed DNS queries answered (UDP and TCP). */
  dnsQueries: number;
  /** SMTP connections accepted, all servers. */
  smtpConnections: number;
  /** TLS handshakes completed, all servers. */
  tlsSessions: number;
  /** CPU time of the world process (user + system), ms. */
  cpuMs: number;
}

const BIND_ATTEMPTS = 10;

/** Every server on one port (the first on port 0, the rest on the port it got), as startWorld does. */
async function startServers(scenario: Scenario): Promise<{ port: number; servers: RunningSmtpServer[] }> {
  const addresses = assignAddresses(scenario);
  for (let attempt = 1; ; attempt += 1) {
    const servers: RunningSmtpServer[] = [];
    try {
      let port = 0;
      for (const [name, server] of Object.entries(scenario.servers)) {
        servers.push(await startSmtpServer(server.behaviour, { host: addresses[name] as string, port }));
        port = servers[0]!.port;
      }
      return { port, servers };
    } catch (error) {
      await Promise.all(servers.map((s) => s.close()));
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= BIND_ATTEMPTS) throw error;
    }
  }
}

function stats(dns: DnsServer, servers: readonly RunningSmtpServer[]): WorldStats {
  const cpu = process.cpuUsage();
  return {
    dnsQueries: dns.queries,
    smtpConnections: servers.reduce((sum, s) => sum + s.stats.connections, 0),
    tlsSessions: servers.reduce((sum, s) => sum + s.stats.tlsSessions, 0),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  };
}

async function main(): Promise<void> {
  const [shape, count] = process.argv.slice(2);
  const n = Number(count);
  if (!(SHAPES as readonly string[]).includes(shape ?? '') || !Number.isInteger(n) || n < 1) {
    throw new Error(`usage: world-child.js <${SHAPES.join('|')}> <n>`);
  }
  const started = performance.now();
  const scenario = benchScenario(shape as Shape, n);
  const { port, servers } = await startServers(scenario);
  const dns = await startDnsServer(zoneOf(scenario, assignAddresses(scenario)));
  const ready: WorldReady = { dnsPort: dns.port, smtpPort: port, startMs: Math.round(performance.now() - started) };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  process.on('message', (message) => {
    if (message === 'stats') {
      process.send?.(stats(dns, servers));
    }
  });
  process.on('disconnect', () => {
    void Promise.all([dns.close(), ...servers.map((s) => s.close())]).then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench world: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
