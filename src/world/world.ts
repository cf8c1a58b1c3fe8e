/**
 * The fake mail world of a scenario, on loopback only: one DNS server (127.0.0.1, any free
 * port) and one scripted SMTP server per scenario server. Each IPv4 server gets its own
 * loopback address (127.0.0.2, .3, ...; Linux routes all of 127/8 to lo), the IPv6 server ::1,
 * and all of them the same port, so DNS answers can be plain addresses and the client needs
 * one port. 127.255.255.254 is never bound: records pointing there are refused connections.
 */
import type { DnsZone, ZoneRecord } from './dns-zone.js';
import { startDnsServer } from './dns-server.js';
import { X509Certificate } from 'node:crypto';
import { associationData } from '../tls/tlsa-match.js';
import { loadLeaf, pkiPath } from './fixtures.js';
import { startPolicyServer, type RunningPolicyServer } from './policy-server.js';
import type { Scenario, ScenarioRecord } from './scenario.js';
import { startSmtpServer, type RunningSmtpServer } from './smtp-server.js';

export { fixturesDir } from './fixtures.js';
export { loadScenario } from './scenario.js';

export interface World {
  /** Where the world's DNS server answers (UDP and TCP). */
  dns: { host: '127.0.0.1'; port: number };
  /** The one port every SMTP server of the world listens on (0 when the scenario has no server). */
  smtpPort: number;
  /** Absolute path of the test root CA (fixtures/pki/root.pem), the world's only trust anchor. */
  caFile: string;
  scenario: Scenario;
  /** The running SMTP servers by scenario server name (their stats are live). */
  servers: Record<string, RunningSmtpServer>;
  /** The HTTPS server of the scenario's MTA-STS policy hosts (on POLICY_ADDRESS). */
  policyServer: RunningPolicyServer;
  /** Stops DNS and every SMTP server, ending open connections. Idempotent. */
  close(): Promise<void>;
}

/** Reserved: nothing listens here, so connecting is refused (RFC 1122 §3.2.1.3: all of 127/8 is loopback). */
export const REFUSED_ADDRESS = '127.255.255.254';
const BIND_ATTEMPTS = 10;
/** Where the HTTPS server of the policy hosts listens (the SMTP servers start at 127.0.0.2). */
export const POLICY_ADDRESS = '127.0.0.1';

/** The loopback address of each scenario server, in declaration order. */
export function assignAddresses(scenario: Scenario): Record<string, string> {
  const addresses: Record<string, string> = {};
  let next = 2;
  for (const [name, server] of Object.entries(scenario.servers)) {
    if (server.family === 6) {
      addresses[name] = '::1';
      continue;
    }
    if (next > 254) throw new Error('a world holds at most 253 IPv4 servers');
    addresses[name] = `127.0.0.${next}`;
    next += 1;
  }
  return addresses;
}

/**
 * The scenario's DNS data with server references replaced by the servers' addresses, and an A
 * record for every policy host the scenario does not give an address itself. Every SMTP
 * server of a world listens on one ephemeral port, not 25, so names of the SMTP port's TLSA
 * records (`_25._tcp.<host>`, RFC 7672 §2.2.3) are served at `_<smtpPort>._tcp.<host>`, where the
 * checker, probing that port, looks for them.
 */
export function zoneOf(scenario: Scenario, addresses: Record<string, string>, smtpPort = 25): DnsZone {
  const atPort = (name: string): string => name.replace(/^_25\._tcp\./, `_${smtpPort}._tcp.`);
  const records = scenario.dns.records.map((record: ScenarioRecord): ZoneRecord => {
    if ('server' in record) {
      const { server, ...rest } = record;
      return { ...rest, data: addresses[server] as string };
    }
    if (record.type === 'TLSA') {
      const { name, data } = record;
      if (!('of' in data)) return { ...record, name: atPort(name), data };
      const { of, ...fields } = data;
      return { ...record, name: atPort(name), data: { ...fields, certificate: derivedTlsaData(of, fields.selector, fields.matchingType) } };
    }
    return { ...record, name: atPort(record.name) } as ZoneRecord;
  });
  for (const name of Object.keys(scenario.policySites ?? {})) {
    const addressed = records.some(
      (record) => record.name === name && (record.type === 'A' || record.type === 'AAAA' || record.type === 'CNAME'),
    );
    if (!addressed) records.push({ name, type: 'A', data: POLICY_ADDRESS });
  }
  const { servfail = [], silent = [], behaviours = {}, signed = [], bogus = [] } = scenario.dns;
  return { records, servfail: servfail.map(atPort), silent: silent.map(atPort), behaviours, signed, bogus: bogus.map(atPort) };
}

/** The association data of a test certificate (hex); throws (a broken scenario) when it does not exist. */
function derivedTlsaData(of: { certificate: string; position: number }, selector: number, matchingType: number): string {
  const pems = loadLeaf(of.certificate).chain.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
  const pem = pems[of.position];
  if (pem === undefined) throw new Error(`TLSA record: ${of.certificate}.chain.pem has no certificate at position ${of.position}`);
  const data = associationData(new X509Certificate(pem).raw, selector, matchingType);
  if (data === null) throw new Error(`TLSA record: selector ${selector} / matching type ${matchingType} cannot be derived`);
  return data.toString('hex');
}

async function closeAll(servers: Iterable<RunningSmtpServer>): Promise<void> {
  await Promise.all([...servers].map((server) => server.close()));
}

/** Starts every server on one shared port: the first on port 0, the rest on the port it got. */
async function startServersOnOnePort(
  scenario: Scenario,
  addresses: Record<string, string>,
): Promise<{ port: number; servers: Record<string, RunningSmtpServer> }> {
  const entries = Object.entries(scenario.servers);
  for (let attempt = 1; ; attempt += 1) {
    const servers: Record<string, RunningSmtpServer> = {};
    let port = 0;
    try {
      for (const [name, server] of entries) {
        const running = await startSmtpServer(server.behaviour, { host: addresses[name] as string, port });
        servers[name] = running;
        port = running.port;
      }
      return { port, servers };
    } catch (error) {
      await closeAll(Object.values(servers));
      // Another process may hold the port on one of the other addresses: try a new port.
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= BIND_ATTEMPTS) throw error;
    }
  }
}

/** Starts the world of a (validated) scenario. Rejects, with nothing left running, on failure. */
export async function startWorld(scenario: Scenario): Promise<World> {
  const addresses = assignAddresses(scenario);
  const { port, servers } = await startServersOnOnePort(scenario, addresses);
  let dns: Awaited<ReturnType<typeof startDnsServer>>;
  let policyServer: RunningPolicyServer;
  try {
    policyServer = await startPolicyServer(scenario.policySites ?? {}, POLICY_ADDRESS);
  } catch (error) {
    await closeAll(Object.values(servers));
    throw error;
  }
  try {
    dns = await startDnsServer(zoneOf(scenario, addresses, port));
  } catch (error) {
    await Promise.all([closeAll(Object.values(servers)), policyServer.close()]);
    throw error;
  }
  let closing: Promise<void> | null = null;
  return {
    dns: { host: '127.0.0.1', port: dns.port },
    smtpPort: port,
    caFile: pkiPath('root.pem'),
    scenario,
    servers,
    policyServer,
    close(): Promise<void> {
      closing ??= Promise.all([dns.close(), closeAll(Object.values(servers)), policyServer.close()]).then(() => undefined);
      return closing;
    },
  };
}
