/**
 * What the receiver's published policies demand of one MX host, for a sender whose setting honours
 * them (a profile row's `mtaSts` and `dane`). Pure: it reads the policy judgements the run made.
 *
 * - DANE first (RFC 8461 §2: a sender that validates TLSA records uses them and not MTA-STS):
 *   secure, usable TLSA records make TLS mandatory and authenticate the server by them instead of
 *   the CA system (RFC 7672 §2.2, §3); only unusable records: mandatory TLS, unauthenticated; a
 *   bogus lookup: the sender defers (not delivered); a lookup that failed: undetermined.
 * - MTA-STS in mode enforce (RFC 8461 §5): an MX host that matches no `mx` pattern is not used;
 *   one that does needs TLS 1.2+ and a certificate that chains to a trusted root and is valid for
 *   the MX host name (§4.2).
 */
import { usableRecord, type DaneHostJudgement, type DomainPolicies } from '../model/policy.js';
import type { SettingRule } from '../model/settings.js';
import type { Reason } from '../model/vocabulary.js';

export type HostDemand =
  | { kind: 'none' }
  /** The sender does not use this host. */
  | { kind: 'refuse'; reason: Reason; deliverable: false | null }
  /** TLS is mandatory; any certificate. */
  | { kind: 'encrypt' }
  /** TLS is mandatory and an address passes when a usable TLSA record matched what it presented. */
  | { kind: 'dane'; matched: ReadonlyMap<string, boolean | null> }
  /** TLS 1.2+ is mandatory, with a trusted certificate valid for the MX host. */
  | { kind: 'mta-sts' };

const NONE: HostDemand = { kind: 'none' };

export function hostDemand(rule: SettingRule, policy: DomainPolicies | null, host: string): HostDemand {
  const dane = rule.dane === 'no' ? NONE : daneDemand(rule, policy, host);
  if (dane.kind !== 'none' || rule.dane === 'mandatory') return dane;
  return rule.mtaSts ? stsDemand(policy, host) : NONE;
}

function daneDemand(rule: SettingRule, policy: DomainPolicies | null, host: string): HostDemand {
  const judgement = policy?.dane?.hosts.find((entry) => entry.host === host);
  const absent: HostDemand = rule.dane === 'mandatory' ? { kind: 'refuse', reason: 'dane-no-tlsa', deliverable: false } : NONE;
  if (judgement === undefined) return absent;
  switch (judgement.status) {
    case 'bogus':
      return { kind: 'refuse', reason: 'dnssec-invalid', deliverable: false };
    case 'unknown':
      // An untrusted resolver that found no records: nothing binds a sender. Records, or a failed lookup: unknown.
      if (!(policy?.dane?.resolverTrusted ?? false) && judgement.records.length === 0) return absent;
      return { kind: 'refuse', reason: 'tlsa-lookup-failed', deliverable: null };
    case 'insecure':
      return absent;
    case 'secure':
      return secureDemand(rule, judgement);
  }
}

function secureDemand(rule: SettingRule, judgement: DaneHostJudgement): HostDemand {
  if (judgement.records.length === 0)
    return rule.dane === 'mandatory' ? { kind: 'refuse', reason: 'dane-no-tlsa', deliverable: false } : NONE;
  if (!judgement.records.some(usableRecord)) {
    // RFC 7672 §2.2: a sender that finds only unusable records still requires TLS; a DANE-only one has nothing to authenticate with.
    return rule.dane === 'mandatory' ? { kind: 'refuse', reason: 'tlsa-unusable', deliverable: false } : { kind: 'encrypt' };
  }
  return { kind: 'dane', matched: new Map(judgement.addresses.map((entry) => [entry.address, entry.matched])) };
}

function stsDemand(policy: DomainPolicies | null, host: string): HostDemand {
  const sts = policy?.mtaSts;
  if (!sts || sts.policy?.mode !== 'enforce' || sts.honouringSender.outcome === 'no-policy') return NONE;
  const judgement = sts.hosts.find((entry) => entry.host === host);
  if (judgement !== undefined && !judgement.matchesPattern) return { kind: 'refuse', reason: 'sts-mx-not-covered', deliverable: false };
  return { kind: 'mta-sts' };
}
