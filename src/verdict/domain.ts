/**
 * Would mail to a domain be delivered under a setting? Pure. A sending MTA tries the MX hosts in
 * preference order and moves on when a host is unreachable or fails the TLS policy (Postfix logs
 * 4.7.4/4.7.5 and tries the next), so the domain is deliverable if some address accepts; the
 * first accepting address in that order carries the mail. A profile may cap the addresses tried
 * (Postfix: 5), and a setting that honours the receiver's MTA-STS or DANE applies them per host.
 */
import type { DomainResult, SettingVerdict, SettingVerdicts } from '../model/report.js';
import type { Profile, SettingRule } from '../model/settings.js';
import { REASON_CLASS, type Reason } from '../model/vocabulary.js';
import { hostJudge, type CertificateReasons } from './address.js';
import { hostDemand } from './host-demand.js';

export type Judged = Pick<DomainResult, 'dns' | 'mx'> & Partial<Pick<DomainResult, 'policy'>>;

export function judgeDomain(
  result: Judged,
  rule: SettingRule,
  certificateReasons: CertificateReasons,
  maxAddresses: number | null = null,
): SettingVerdict {
  if (result.dns.outcome !== 'mx' && result.dns.outcome !== 'implicit-mx') {
    const reason: Reason = result.dns.reason ?? 'dns-error';
    return notDelivered(REASON_CLASS[reason] === 'undetermined' ? null : false, [reason]);
  }
  const reasons = new Set<Reason>();
  let undetermined = false;
  let tried = 0;
  for (const host of result.mx) {
    if (host.dnsFailure) {
      reasons.add(host.dnsFailure.reason);
      if (REASON_CLASS[host.dnsFailure.reason] === 'undetermined') undetermined = true;
    }
    const judge = hostJudge(
      rule,
      (certificate, verification) => certificateReasons(certificate, verification, host.host),
      hostDemand(rule, result.policy ?? null, host.host),
    );
    for (const address of host.addresses) {
      if (maxAddresses !== null && tried === maxAddresses) {
        reasons.add('mx-address-limit');
        return notDelivered(undetermined ? null : false, [...reasons]);
      }
      tried += 1;
      const verdict = judge(address);
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

/** Every setting of the profile, in its order (the JSON keeps that order). */
export function judgeAllSettings(result: Judged, profile: Profile, certificateReasons: CertificateReasons): SettingVerdicts {
  const verdicts: SettingVerdicts = {};
  for (const rule of profile.settings) verdicts[rule.name] = judgeDomain(result, rule, certificateReasons, profile.maxAddresses);
  return verdicts;
}

function notDelivered(deliverable: false | null, reasons: Reason[]): SettingVerdict {
  return { deliverable, transport: null, via: null, viaAddress: null, reasons };
}
