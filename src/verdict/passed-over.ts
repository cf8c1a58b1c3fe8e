/**
 * Mail delivered over TLS can still carry reasons: those of the candidates a sender tried first
 * and passed over (RFC 5321 §5.1: MX hosts in preference order, each host's addresses in turn).
 * Were they other MX hosts, earlier addresses of the host that carries the mail, or both? A
 * reader told "another MX" looks for a second host that may not exist. Pure.
 */
import type { DomainResult, SettingVerdict } from '../model/report.js';
import type { PassedOver } from '../model/vocabulary.js';

/**
 * Null unless the verdict is "delivered over TLS" with reasons, the only case where every
 * reason belongs to a candidate passed over (in plaintext, the carrying address adds its own).
 * Follows the order `judgeDomain` tries the hosts and addresses in.
 */
export function passedOver(result: Pick<DomainResult, 'mx'>, verdict: SettingVerdict): PassedOver | null {
  if (verdict.deliverable !== true || verdict.transport === 'plaintext' || verdict.reasons.length === 0) return null;
  let otherHost = false;
  for (const host of result.mx) {
    if (host.host !== verdict.via) {
      otherHost ||= host.dnsFailure !== null || host.addresses.length > 0;
      continue;
    }
    const sameHost = host.addresses.findIndex((address) => address.address === verdict.viaAddress) > 0;
    if (otherHost && sameHost) return 'both';
    return sameHost ? 'same-host' : otherHost ? 'other-host' : null;
  }
  return null;
}
