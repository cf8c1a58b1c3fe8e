/**
 * Would mail to a domain be delivered under a setting? Pure. A sending MTA tries the MX hosts in
 * preference order and moves on when a host is unreachable or fails the TLS policy (Postfix logs
 * 4.7.4/4.7.5 and tries the next), so the domain is deliverable if some address accepts; the
 * first accepting address in that order carries the mail.
 */
import type { DomainResult, SettingVerdict, SettingVerdicts } from '../model/report.js';
import { SETTING_NAMES, SETTINGS, type SettingRule } from '../model/settings.js';
import { REASON_CLASS, type Reason } from '../model/vocabulary.js';
import { judgeAddress, type CertificateReasons } from './address.js';

export function judgeDomain(
  result: Pick<DomainResult, 'dns' | 'mx'>,
  rule: SettingRule,
  certificateReasons: CertificateReasons,
): SettingVerdict {
  if (result.dns.outcome !== 'mx' && result.dns.outcome !== 'implicit-mx') {
    const reason: Reason = result.dns.reason ?? 'dns-error';
    return notDelivered(REASON_CLASS[reason] === 'undetermined' ? null : false, [reason]);
  }
  const reasons = new Set<Reason>();
  let undetermined = false;
  for (const host of result.mx) {
    if (host.dnsFailure) {
      reasons.add(host.dnsFailure.reason);
      if (REASON_CLASS[host.dnsFailure.reason] === 'undetermined') undetermined = true;
    }
    for (const address of host.addresses) {
      const verdict = judgeAddress(address, rule, certificateReasons);
      verdict.reasons.forEach((reason) => reasons.add(reason));
      if (verdict.outcome === 'accept') {
        return { deliverable: true, transport: verdict.transport, via: host.host, viaAddress: address.address, reasons: [...reasons] };
      }
      if (verdict.outcome === 'undetermined') undetermined = true;
    }
  }
  if (reasons.size === 0) reasons.add('no-mail-host');
  // One address we could not judge might have accepted: say "undetermined", not "not delivered".
  return notDelivered(undetermined ? null : false, [...reasons]);
}

export function judgeAllSettings(result: Pick<DomainResult, 'dns' | 'mx'>, certificateReasons: CertificateReasons): SettingVerdicts {
  const entries = SETTING_NAMES.map((name) => [name, judgeDomain(result, SETTINGS[name], certificateReasons)] as const);
  return Object.fromEntries(entries) as SettingVerdicts;
}

function notDelivered(deliverable: false | null, reasons: Reason[]): SettingVerdict {
  return { deliverable, transport: null, via: null, viaAddress: null, reasons };
}
