/**
 * The synthetic world of one bench case, as a scenario: a handful of SMTP servers with mixed TLS
 * postures (never one server per domain, so the world starts in milliseconds whatever N is) and a
 * zone of N domains pointing at them. Certificates are the per-host leaves of fixtures/pki, so
 * most names mismatch: the bench only needs the handshakes and the judgement to happen, with a mix
 * of outcomes like a real recipient list.
 */
import type { SmtpServerSpec } from '../src/world/smtp-spec.js';
import type { Scenario, ScenarioRecord, ScenarioServer } from '../src/world/scenario.js';
import type { Shape } from './options.js';

const NO_STARTTLS = ['PIPELINING', 'SIZE 35882577', '8BITMIME'];

/** Server name -> behaviour; the order decides the loopback address (127.0.0.2, .3, ...). */
const POSTURES: ReadonlyArray<[string, SmtpServerSpec]> = [
  ['valid-ec', { hostname: 'mx-a.bench.test', certificate: 'valid' }],
  ['valid-rsa', { hostname: 'mx-b.bench.test', certificate: 'twomx' }],
  ['wildcard', { hostname: 'mx-c.bench.test', certificate: 'wildcard' }],
  ['no-starttls', { hostname: 'mx-d.bench.test', extensions: NO_STARTTLS }],
  ['refuse-454', { hostname: 'mx-e.bench.test', starttls: 'reject', starttlsCode: 454 }],
  ['incomplete', { hostname: 'mx-f.bench.test', certificate: 'incomplete' }],
  ['self-signed', { hostname: 'mx-g.bench.test', certificate: 'self-signed' }],
  ['expired', { hostname: 'mx-h.bench.test', certificate: 'expired' }],
];

/** SMTP servers per shape: own-mx spreads its N host names over all 8; shared has 5 providers. */
export const SERVER_COUNT: Record<Shape, number> = { 'own-mx': 8, shared: 5 };

/** The i-th recipient domain of a case (0-based). */
export function domainName(i: number): string {
  return `d${i}.bench.test`;
}

function serversOf(count: number): Record<string, ScenarioServer> {
  const servers: Record<string, ScenarioServer> = {};
  for (const [name, behaviour] of POSTURES.slice(0, count)) servers[name] = { family: 4, behaviour };
  return servers;
}

function mx(name: string, exchange: string): ScenarioRecord {
  return { name, type: 'MX', data: { preference: 10, exchange } };
}

/** own-mx: d<i> MX mx.d<i>, and mx.d<i> A <server i mod 8>; no AAAA (the AAAA query gets NODATA). */
function ownMxRecords(n: number, names: readonly string[]): ScenarioRecord[] {
  const records: ScenarioRecord[] = [];
  for (let i = 0; i < n; i += 1) {
    const host = `mx.${domainName(i)}`;
    records.push(mx(domainName(i), host), { name: host, type: 'A', server: names[i % names.length] as string });
  }
  return records;
}

/** shared: d<i> MX mx.provider<k> for k = i mod 5, and one A record per provider host. */
function sharedRecords(n: number, names: readonly string[]): ScenarioRecord[] {
  const providers = names.map((server, k) => ({ host: `mx.provider${k}.bench.test`, server }));
  const records: ScenarioRecord[] = providers.map((p) => ({ name: p.host, type: 'A', server: p.server }));
  for (let i = 0; i < n; i += 1) records.push(mx(domainName(i), (providers[i % providers.length] as { host: string }).host));
  return records;
}

export function benchScenario(shape: Shape, n: number): Scenario {
  const servers = serversOf(SERVER_COUNT[shape]);
  const names = Object.keys(servers);
  const records = shape === 'own-mx' ? ownMxRecords(n, names) : sharedRecords(n, names);
  return { name: `bench-${shape}-${n}`, servers, dns: { records }, domains: [] };
}
