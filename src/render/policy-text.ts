/**
 * The receiver policies (MTA-STS, DANE, TLS-RPT) of one domain in words, for every renderer: one
 * line per published policy with its findings under it, and a short status per policy for
 * columns. Renders what the model says; server and DNS text is sanitised here.
 */
import type { DanePolicy, DomainPolicies, MtaStsHostJudgement, MtaStsPolicy, TlsRptPolicy, TlsaRecord } from '../model/policy.js';
import { sanitize } from '../text/sanitize.js';

/** ok: published and nothing wrong; warn: findings, delivery unaffected; bad: a sender that honours it would not deliver; none: not published. */
export type PolicyTone = 'ok' | 'warn' | 'bad' | 'none';

export interface PolicyLine {
  tone: PolicyTone;
  /** e.g. "MTA-STS enforce: mx.a.test ok" */
  text: string;
  /** The findings' sentences, then what a sender that honours the policy would do. */
  details: string[];
}

/** One line per published policy; a domain that publishes none gets one line saying so. */
export function policyLines(policies: DomainPolicies): PolicyLine[] {
  const lines: PolicyLine[] = [];
  if (policies.mtaSts) lines.push(mtaStsLine(policies.mtaSts));
  if (policies.dane) lines.push(daneLine(policies.dane));
  if (policies.tlsRpt) lines.push(tlsRptLine(policies.tlsRpt));
  const missing = [policies.mtaSts ? null : 'MTA-STS', policies.dane ? null : 'DANE', policies.tlsRpt ? null : 'TLS-RPT'].filter(
    (name) => name !== null,
  );
  if (lines.length === 0) return [{ tone: 'none', text: 'no receiver policy published (MTA-STS, DANE, TLS-RPT)', details: [] }];
  if (missing.length > 0) lines.push({ tone: 'none', text: `not published: ${missing.join(', ')}`, details: [] });
  return lines;
}

function mtaStsLine(sts: MtaStsPolicy): PolicyLine {
  const tone: PolicyTone = sts.honouringSender.outcome === 'does-not-deliver' ? 'bad' : sts.findings.length > 0 ? 'warn' : 'ok';
  const details = [...sts.messages, sts.honouringSender.message];
  if (sts.policy === null) return { tone, text: 'MTA-STS: no usable policy', details };
  const hosts = sts.hosts.map((host) => `${sanitize(host.host)} ${hostWord(host)}`).join(', ');
  const text = `MTA-STS ${sts.policy.mode}${hosts === '' ? '' : `: ${hosts}`}`;
  return { tone, text, details };
}

function hostWord(host: MtaStsHostJudgement): string {
  if (!host.matchesPattern) return 'not in the policy';
  if (host.certificateValid === false) return 'certificate fails';
  return host.satisfiesPolicy === true ? 'ok' : 'not judged';
}

function daneLine(dane: DanePolicy): PolicyLine {
  const hosts = dane.hosts.map((host) => {
    const matched = host.addresses.map((address) => address.matched);
    const match =
      host.records.length === 0
        ? 'no TLSA'
        : matched.includes(false)
          ? 'TLSA does not match'
          : matched.includes(true)
            ? 'TLSA matches'
            : 'not judged';
    return `${sanitize(host.host)} ${host.status}, ${match}`;
  });
  const trust = dane.resolverTrusted ? '' : ' (resolver not trusted for DNSSEC)';
  // The record to publish, unless a finding's sentence already names it.
  const suggestions = dane.hosts
    .filter((host) => host.suggestedRecord !== null && !dane.messages.some((message) => message.includes(host.suggestedRecord!.data)))
    .map(
      (host) => `publish for ${sanitize(host.host)}: ${sanitize(host.tlsaName)}. IN TLSA ${tlsaText(host.suggestedRecord as TlsaRecord)}`,
    );
  const tone: PolicyTone =
    dane.findings.length === 0
      ? 'ok'
      : dane.hosts.some((host) => host.status === 'secure' && host.addresses.some((a) => a.matched === false))
        ? 'bad'
        : 'warn';
  return { tone, text: `DANE${trust}: ${hosts.join('; ') || 'no MX host'}`, details: [...dane.messages, ...suggestions] };
}

function tlsaText(record: TlsaRecord): string {
  return `${record.usage} ${record.selector} ${record.matchingType} ${sanitize(record.data)}`;
}

function tlsRptLine(rpt: TlsRptPolicy): PolicyLine {
  const to = rpt.rua.length > 0 ? `reports to ${rpt.rua.map((uri) => sanitize(uri)).join(', ')}` : 'no usable report address';
  return { tone: rpt.findings.length > 0 ? 'warn' : 'ok', text: `TLS-RPT: ${to}`, details: [...rpt.messages] };
}

export interface PolicyBriefs {
  mtaSts: string;
  dane: string;
  tlsRpt: string;
}

/**
 * A word per policy for a column: "" when not looked up (--no-policies, no mail host), "none"
 * when not published; MTA-STS its mode or "broken" (no usable policy), DANE its DNSSEC status or
 * "mismatch", TLS-RPT "published" or "broken". A trailing "!" marks findings.
 */
export function policyBriefs(policies: DomainPolicies | null): PolicyBriefs {
  if (policies === null) return { mtaSts: '', dane: '', tlsRpt: '' };
  const flag = (findings: readonly string[]) => (findings.length > 0 ? '!' : '');
  const { mtaSts, dane, tlsRpt } = policies;
  return {
    mtaSts: mtaSts === null ? 'none' : `${mtaSts.policy === null ? 'broken' : mtaSts.policy.mode}${flag(mtaSts.findings)}`,
    dane: dane === null ? 'none' : `${daneWord(dane)}${flag(dane.findings)}`,
    tlsRpt: tlsRpt === null ? 'none' : tlsRpt.rua.length > 0 && tlsRpt.findings.length === 0 ? 'published' : 'broken',
  };
}

function daneWord(dane: DanePolicy): string {
  const statuses = dane.hosts.map((host) => host.status);
  for (const worst of ['bogus', 'unknown', 'insecure'] as const) if (statuses.includes(worst)) return worst;
  return dane.hosts.some((host) => host.addresses.some((address) => address.matched === false)) ? 'mismatch' : 'secure';
}

/** Policy findings of every kind, as codes (for CSV and JUnit). */
export function policyFindings(policies: DomainPolicies | null): { mtaSts: string[]; dane: string[]; tlsRpt: string[] } {
  return {
    mtaSts: [...(policies?.mtaSts?.findings ?? [])],
    dane: [...(policies?.dane?.findings ?? [])],
    tlsRpt: [...(policies?.tlsRpt?.findings ?? [])],
  };
}

/** CSV columns (both CSV forms) once any result had its policies looked up. */
export const CSV_POLICY_COLUMNS = [
  'mta_sts',
  'mta_sts_findings',
  'mta_sts_sender',
  'dane',
  'dane_findings',
  'tls_rpt',
  'tls_rpt_rua',
  'tls_rpt_findings',
] as const;

/** The cells of CSV_POLICY_COLUMNS: briefs, finding codes space-separated, the honouring sender's outcome, the report URIs. */
export function policyCells(policies: DomainPolicies | null): string[] {
  const brief = policyBriefs(policies);
  const findings = policyFindings(policies);
  return [
    brief.mtaSts,
    findings.mtaSts.join(' '),
    policies?.mtaSts?.honouringSender.outcome ?? '',
    brief.dane,
    findings.dane.join(' '),
    brief.tlsRpt,
    (policies?.tlsRpt?.rua ?? []).join(' '),
    findings.tlsRpt.join(' '),
  ];
}
