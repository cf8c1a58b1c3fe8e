/** Builds the run context (resolver, probe, trust store, clock) from parsed options. */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { parseResolvConf, parseResolverArg } from '../dns/system.js';
import { DEFAULT_TIMEOUTS } from '../model/limits.js';
import type { RunContext } from '../run/context.js';
import { makeContext } from '../run/make-context.js';
import { UsageError, type CliOptions } from './options.js';
import { gateConfig } from './gate-config.js';

export function buildContext(options: CliOptions, signal?: AbortSignal): RunContext {
  const servers = options.resolver.length > 0 ? options.resolver.map(usage(parseResolverArg)) : systemResolvers();
  try {
    return makeContext({
      servers,
      port: options.port,
      caFiles: options.caFile,
      helo: options.helo ?? defaultHelo(),
      timeouts: {
        ...DEFAULT_TIMEOUTS,
        phaseMs: options.timeout,
        hostMs: Math.max(options.hostTimeout, options.timeout),
        dnsQueryMs: options.dnsTimeout,
      },
      families: new Set<4 | 6>(options.ipv4Only ? [4] : options.ipv6Only ? [6] : [4, 6]),
      politeness: { perAddressConnections: options.perAddress, retries: options.retries, retryDelayMs: options.retryDelay },
      gate: gateConfig(options),
      signal,
    });
  } catch (error) {
    // Reading --ca-file is what throws here: a usage error.
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message);
  }
}

function usage<A, R>(fn: (arg: A) => R): (arg: A) => R {
  return (arg) => {
    try {
      return fn(arg);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
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

/** RFC 5321 §4.1.1.1 wants our FQDN in EHLO; fall back to a name that cannot collide with a real one. */
function defaultHelo(): string {
  const name = hostname();
  return name.includes('.') ? name : 'tlscheck.invalid';
}
