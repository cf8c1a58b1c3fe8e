/** Builds the run context (resolver, probe, trust store, clock) from parsed options. */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { createResolver } from '../dns/resolver.js';
import { parseResolvConf, parseResolverArg } from '../dns/system.js';
import { DEFAULT_TIMEOUTS, type Timeouts } from '../model/limits.js';
import type { RunContext } from '../run/context.js';
import { sharedProbe } from '../run/probe-cache.js';
import { probeAddress } from '../smtp/probe.js';
import { loadTrustStore } from '../tls/trust-store.js';
import { UsageError, type CliOptions } from './options.js';

export function buildContext(options: CliOptions): RunContext {
  const timeouts: Timeouts = { ...DEFAULT_TIMEOUTS, phaseMs: options.timeout, hostMs: Math.max(options.hostTimeout, options.timeout) };
  const servers = options.resolver.length > 0 ? options.resolver.map(parseResolverArg) : systemResolvers();
  const resolver = createResolver({ servers, timeoutMs: timeouts.dnsQueryMs, attempts: timeouts.dnsAttempts });
  const helo = options.helo ?? defaultHelo();
  const families = new Set<4 | 6>(options.ipv4Only ? [4] : options.ipv6Only ? [6] : [4, 6]);
  return {
    resolver,
    probe: sharedProbe((target) => probeAddress(target, { helo, timeouts })),
    trust: loadTrust(options.caFile),
    now: () => new Date(),
    port: options.port,
    families,
    timeouts,
  };
}

function systemResolvers() {
  let text: string;
  try {
    text = readFileSync('/etc/resolv.conf', 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read /etc/resolv.conf (${(error as Error).message}); name a DNS server with --resolver`);
  }
  const servers = parseResolvConf(text);
  if (servers.length === 0) throw new UsageError('/etc/resolv.conf names no nameserver; name a DNS server with --resolver');
  return servers;
}

function loadTrust(caFiles: string[]) {
  try {
    return loadTrustStore(caFiles);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** RFC 5321 §4.1.1.1 wants our FQDN in EHLO; fall back to a name that cannot collide with a real one. */
function defaultHelo(): string {
  const name = hostname();
  return name.includes('.') ? name : 'tlscheck.invalid';
}
