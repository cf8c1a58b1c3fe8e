/**
 * The Email Relay hop, judged: the same per-address rules as for a recipient domain (the SETTINGS
 * rows, `off` included), with what differs for a relay as data around them. Pure.
 *
 * - The platform looks up MX, then A; AAAA is never mentioned (DOMAIN.md, Email Relay): IPv6
 *   addresses found by name are probed and shown, never used.
 * - Verification matches the configured name or the MX host (either passes); an IP address has
 *   no name, so it never passes a verify setting.
 * - "Require SMTP authentication" (--auth) forces required-verify and needs AUTH PLAIN or LOGIN
 *   after STARTTLS at the address that carries the mail.
 */
import type { CertificateWarning, DomainResult, MxHostResult, SettingVerdict } from '../model/report.js';
import { PLATFORM_AUTH_MECHANISMS, type RelayAuth, type RelaySettingVerdicts, type ResolvedVia } from '../model/relay.js';
import { SALESFORCE_RELAY } from '../model/profiles/salesforce.js';
import type { CertificateReasons } from './address.js';
import { judgeAllSettings } from './domain.js';

export interface RelayFacts {
  resolvedVia: ResolvedVia | null;
  /** --auth was given. */
  authRequired: boolean;
  /** The AUTH mechanisms an address advertised (before and after TLS). */
  authOf: (address: string) => Pick<RelayAuth, 'before' | 'after'>;
}

export function judgeRelay(
  result: Pick<DomainResult, 'dns' | 'mx'>,
  facts: RelayFacts,
  certificateReasons: CertificateReasons,
): RelaySettingVerdicts {
  const used = { dns: result.dns, mx: platformHosts(result.mx, facts.resolvedVia) };
  const reasons = facts.resolvedVia === 'ip-literal' ? ipLiteralReasons(certificateReasons) : certificateReasons;
  const verdicts = judgeAllSettings(used, SALESFORCE_RELAY, reasons) as RelaySettingVerdicts;
  if (facts.authRequired) verdicts['required-verify'] = withAuth(verdicts['required-verify'], facts);
  return verdicts;
}

/** The hosts with only the addresses the platform would dial: IPv4 ones when the name was looked up. */
export function platformHosts(mx: readonly MxHostResult[], resolvedVia: ResolvedVia | null): MxHostResult[] {
  if (resolvedVia === 'ip-literal') return [...mx];
  return mx.map((host) => ({ ...host, addresses: host.addresses.filter((address) => usedByPlatform(address.family, resolvedVia)) }));
}

/** Whether the platform dials an address of this family: an IP typed as the relay is dialled as is; by name, IPv4 only. */
export function usedByPlatform(family: 4 | 6, resolvedVia: ResolvedVia | null): boolean {
  return resolvedVia === 'ip-literal' || family === 4;
}

/** An IP address as relay: no name to verify against, whatever the certificate says; its other faults are still listed. */
function ipLiteralReasons(certificateReasons: CertificateReasons): CertificateReasons {
  return (certificate, verification, mxHost) => [
    'relay-ip-literal',
    ...certificateReasons(certificate, verification, mxHost).filter((reason) => reason !== 'certificate-host-mismatch'),
  ];
}

function withAuth(verdict: SettingVerdict, facts: RelayFacts): SettingVerdict {
  if (verdict.deliverable !== true || verdict.viaAddress === null) return verdict;
  if (offersPlatformAuth(facts.authOf(verdict.viaAddress).after)) return verdict;
  return { deliverable: false, transport: null, via: null, viaAddress: null, reasons: [...verdict.reasons, 'auth-not-offered'] };
}

/** PLAIN or LOGIN among the mechanisms. */
export function offersPlatformAuth(mechanisms: readonly string[] | null): boolean {
  return mechanisms !== null && mechanisms.some((mechanism) => PLATFORM_AUTH_MECHANISMS.includes(mechanism));
}

/** A finding, not a verdict: AUTH offered before STARTTLS lets a client send its password unencrypted. */
export function authWarnings(mx: readonly MxHostResult[], authOf: RelayFacts['authOf']): CertificateWarning[] {
  const warnings: CertificateWarning[] = [];
  for (const host of mx) {
    for (const address of host.addresses) {
      const before = authOf(address.address).before;
      if (before === null || before.length === 0) continue;
      warnings.push({
        kind: 'auth-before-tls',
        host: host.host,
        address: address.address,
        message: `AUTH ${before.join(' ')} is offered before STARTTLS: a client may send its password unencrypted (the platform authenticates only after TLS)`,
        brief: 'AUTH before TLS',
      });
    }
  }
  return warnings;
}
