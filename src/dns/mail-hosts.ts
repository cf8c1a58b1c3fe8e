/**
 * Which hosts take mail for a domain, and at which addresses, as a sending MTA would find them
 * (RFC 5321 §5.1, RFC 7505). Observation only: what DNS said, including how it failed.
 */
import net from 'node:net';
import type { Answer } from 'dns-packet';
import { LIMITS } from '../model/limits.js';
import type { MailHosts, MxAddress, MxHost } from '../model/observation.js';
import { lookupFollowing, type Lookup } from './follow.js';
import { canonicalName } from './message.js';
import type { Resolver } from './resolver.js';

interface MxRecord {
  host: string;
  preference: number;
}

/** MX hosts a domain published beyond LIMITS.maxMxHosts, which were not looked at. */
export interface MxCap {
  /** Distinct MX hosts in the answer (null MX excluded). */
  found: number;
  /** How many were kept: the most preferred ones. */
  kept: number;
  message: string;
}

/**
 * MailHosts plus, for `mx`, whether the cap on MX hosts cut the list. The shared model has no
 * place for it yet, so it rides along here for the caller to report.
 */
export type ResolvedMailHosts = MailHosts & { capped?: MxCap };

export async function resolveMailHosts(domain: string, resolver: Resolver): Promise<ResolvedMailHosts> {
  const name = canonicalName(domain);
  const mx = await lookupFollowing(resolver, name, 'MX');
  switch (mx.kind) {
    case 'failure':
      return { kind: 'dns-failure', reason: mx.reason, message: `MX lookup for ${name}: ${mx.message}` };
    case 'nxdomain':
      return { kind: 'nxdomain' };
    case 'nodata':
      return implicitMx(name, resolver);
    case 'records': {
      const all = mxRecords(mx.records);
      // RFC 7505 §3: "MX 0 ." alone means no mail. Next to real MX records it is an error on
      // the domain's side; the real hosts are what a sender would use, so we ignore the null one.
      if (all.length === 0) return { kind: 'null-mx' };
      // Cut before resolving: a hundred MX hosts must not become two hundred lookups and probes.
      const exchanges = all.slice(0, LIMITS.maxMxHosts);
      const hosts = await Promise.all(exchanges.map((e) => resolveHost(e.host, e.preference, resolver)));
      if (all.length === exchanges.length) return { kind: 'mx', hosts };
      return { kind: 'mx', hosts, capped: capOf(all.length, exchanges) };
    }
  }
}

/**
 * The MX targets in the order a sender tries them, without null MX entries or duplicate hosts
 * (the most preferred entry of a host counts), not yet capped. RFC 5321 §5.1 says
 * to randomise among equal preferences; we keep DNS order instead so reports are reproducible,
 * which costs nothing because the verdict considers every host anyway.
 */
function mxRecords(records: Answer[]): MxRecord[] {
  const parsed: MxRecord[] = [];
  for (const record of records) {
    if (record.type !== 'MX' || typeof record.data?.exchange !== 'string') continue;
    const host = canonicalName(record.data.exchange);
    if (host === '.' || host === '') continue; // the null MX (RFC 7505)
    parsed.push({ host, preference: record.data.preference ?? 0 });
  }
  // Array.prototype.sort is stable (ES2019), so equal preferences keep DNS order.
  parsed.sort((a, b) => a.preference - b.preference);
  const seen = new Set<string>();
  return parsed.filter((e) => !seen.has(e.host) && seen.add(e.host));
}

function capOf(found: number, kept: MxRecord[]): MxCap {
  const last = kept[kept.length - 1]!.preference;
  return {
    found,
    kept: kept.length,
    message: `${found} MX hosts published; only the ${kept.length} most preferred (up to preference ${last}) were checked`,
  };
}

/** RFC 5321 §5.1: no MX records -> the domain itself is the mail host, preference 0. */
async function implicitMx(name: string, resolver: Resolver): Promise<MailHosts> {
  const host = await resolveHost(name, 0, resolver);
  if (host.addresses.length > 0) return { kind: 'implicit-mx', hosts: [host] };
  const failure = host.dnsFailure;
  if (failure && failure.reason !== 'mx-host-unresolvable') {
    // We could not learn whether addresses exist: undetermined, not "no mail host".
    return { kind: 'dns-failure', reason: failure.reason, message: failure.message };
  }
  return { kind: 'no-mail-host' };
}

function addressesOf(lookup: Lookup, family: 4 | 6): MxAddress[] {
  if (lookup.kind !== 'records') return [];
  const valid = family === 4 ? net.isIPv4 : net.isIPv6;
  return lookup.records
    .map((r) => ('data' in r ? r.data : undefined))
    .filter((d): d is string => typeof d === 'string' && valid(d))
    .map((address) => ({ address, family }));
}

function hostFailure(host: string, a: Lookup, aaaa: Lookup): MxHost['dnsFailure'] {
  // A failed family only matters when the other gave nothing (the caller checks that).
  for (const lookup of [a, aaaa]) {
    if (lookup.kind === 'failure') return { reason: lookup.reason, message: `${host}: ${lookup.message}` };
  }
  if (a.kind === 'nxdomain' && aaaa.kind === 'nxdomain') {
    return { reason: 'mx-host-unresolvable', message: `${host} does not exist (NXDOMAIN)` };
  }
  return { reason: 'mx-host-unresolvable', message: `${host} has no A or AAAA records` };
}

/** The addresses of one mail host: IPv4 then IPv6 (as DNS returned them), deduplicated, capped. */
async function resolveHost(host: string, preference: number, resolver: Resolver): Promise<MxHost> {
  const literal = host.replace(/^\[(.*)\]$/, '$1');
  const family = net.isIP(literal);
  if (family === 4 || family === 6) {
    // RFC 5321 §5.1 wants a host name here, but IP literals are seen in the wild and MTAs
    // such as Postfix deliver to them; the literal is the address.
    return { host, preference, addresses: [{ address: literal, family }], dnsFailure: null };
  }
  const [a, aaaa] = await Promise.all([lookupFollowing(resolver, host, 'A'), lookupFollowing(resolver, host, 'AAAA')]);
  const seen = new Set<string>();
  const addresses = [...addressesOf(a, 4), ...addressesOf(aaaa, 6)]
    .filter((x) => !seen.has(x.address) && seen.add(x.address))
    .slice(0, LIMITS.maxAddressesPerHost);
  return { host, preference, addresses, dnsFailure: addresses.length > 0 ? null : hostFailure(host, a, aaaa) };
}
