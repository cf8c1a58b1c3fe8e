/** Builds the run context (resolver, probe, trust store, clock, gate) from parsed options. */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { parseResolvConf, parseResolverArg } from '../dns/system.js';
import { DEFAULT_TIMEOUTS } from '../model/limits.js';
import type { GateConfig } from '../model/report.js';
import { makeRunContext, type RunContext } from '../run/run-context.js';
import { CaFileError } from '../tls/trust-store.js';
import { gateConfigFor } from '../verdict/gate.js';
import { UsageError, type CliOptions } from './options.js';

export function buildContext(options: CliOptions, signal?: AbortSignal): RunContext {
  const servers = options.resolver.length > 0 ? options.resolver.map(usage(parseResolverArg)) : systemResolvers();
  try {
    return makeRunContext({
      servers,
      trustAd: options.trustAd,
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
      gate: gateFromOptions(options),
      showAddresses: options.showAddresses,
      warnDays: options.warnDays,
      policies: options.policies,
      policyPort: options.policyPort,
      profile: options.profile,
      tlsDomain: options.tlsDomain,
      minTls: options.minTls,
      signal,
    });
  } catch (error) {
    // A --ca-file that cannot be used is the user's to fix; anything else is a bug of ours (exit 70).
    if (error instanceof CaFileError) throw new UsageError(error.message);
    throw error;
  }
}

/** The gate from --require, --restrict and --allow-undetermined; a usage error when they make no sense. */
export function gateFromOptions(options: CliOptions): GateConfig | null {
  const parsed = gateConfigFor({
    setting: options.require,
    restrict: options.restrict,
    allowUndetermined: options.allowUndetermined,
    failOnNoMail: options.failOnNoMail,
  });
  if (!parsed.ok) throw new UsageError(parsed.message);
  return parsed.gate;
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
