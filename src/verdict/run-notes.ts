/**
 * Run-wide notes about this machine's network rather than the domains.
 *
 * Is outbound port 25 blocked from here? Many networks (home ISPs, cloud providers, hosted CI
 * runners) drop or refuse it. When connections fail the same way across unrelated hosts and not
 * one succeeds, the problem is this network, not the servers: say so once, and keep those
 * results undetermined rather than failed (they already are: timeouts and refusals are).
 */
import type { DnsServerActivity } from '../model/observation.js';
import type { DomainResult } from '../model/report.js';
import type { Reason } from '../model/vocabulary.js';

/** Connect failures that a blocked port produces. */
const BLOCKED_LOOKING: ReadonlySet<Reason> = new Set<Reason>(['timeout', 'connection-refused', 'network-unreachable', 'connection-reset']);

/** Fewer distinct hosts than this prove nothing: one provider may simply be down. */
export const BLOCKED_PORT_MIN_HOSTS = 3;

/** Whether port 25 looks blocked, built one result at a time (see RunTally); blockedPortNote folds it. */
export class PortTally {
  private connected = false;
  private readonly failedHosts = new Set<string>();

  add(result: DomainResult): void {
    if (this.connected) return;
    for (const host of result.mx) {
      for (const address of host.addresses) {
        if (address.failure?.reason === 'address-family-skipped') continue;
        if (address.connected) {
          // One connection anywhere proves the port open: the failed hosts no longer matter.
          this.connected = true;
          this.failedHosts.clear();
          return;
        }
        if (address.failure?.phase === 'connect' && BLOCKED_LOOKING.has(address.failure.reason)) this.failedHosts.add(host.host);
      }
    }
  }

  note(port: number): string | null {
    if (this.connected || this.failedHosts.size < BLOCKED_PORT_MIN_HOSTS) return null;
    return (
      `outbound port ${port} seems blocked from this network: no connection to any of ${this.failedHosts.size} unrelated MX hosts succeeded. ` +
      'Those results are undetermined, not failures. Run tlscheck from a host that can reach port 25 (a mail server, or a VPS whose provider allows outbound SMTP).'
    );
  }
}

export function blockedPortNote(results: readonly DomainResult[], port: number): string | null {
  const tally = new PortTally();
  for (const result of results) tally.add(result);
  return tally.note(port);
}

/**
 * Did the DNS servers answer at all? When not one attempt of the run got a reply, every
 * dns-timeout of the run is this resolver's silence (a wrong --resolver, DNS blocked from here),
 * not a fact about the domains: say so once. One slow domain among answered ones is no such
 * thing, and attempts still in flight (an interrupted run) count for nothing.
 */
export function silentResolverNote(servers: readonly DnsServerActivity[]): string | null {
  const unanswered = servers.reduce((sum, entry) => sum + entry.unanswered, 0);
  if (unanswered === 0 || servers.some((entry) => entry.answered > 0)) return null;
  const names = servers.map((entry) => entry.server);
  const who =
    names.length === 1 ? `your DNS server ${names[0]}` : `your DNS servers ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return (
    `${who} did not answer any query (${unanswered} sent), so no domain of this run could be looked up: their undetermined verdicts say nothing about the domains. ` +
    'Check --resolver (or the nameservers in /etc/resolv.conf) and that this network lets DNS queries through.'
  );
}
