/** TLS-RPT (RFC 8460): where a sender would report TLS failures for this domain. */
import type { Resolver } from '../dns/resolver.js';
import type { TlsRptPolicy } from '../model/policy.js';
import { sanitize } from '../text/sanitize.js';
import { parseTlsRptRecords, type TlsRptRecordParse } from './tlsrpt-record.js';
import { lookupTxt, type TxtLookup } from './txt-records.js';

export function tlsRptName(domain: string): string {
  return `_smtp._tls.${domain}`;
}

export async function checkTlsRpt(domain: string, resolver: Resolver): Promise<TlsRptPolicy | null> {
  return judgeTlsRpt(domain, await lookupTxt(resolver, tlsRptName(domain)));
}

/** Pure: the TXT lookup to the report's part; null when no TLS-RPT record is published. */
export function judgeTlsRpt(domain: string, lookup: TxtLookup): TlsRptPolicy | null {
  const at = tlsRptName(domain);
  if (lookup.kind === 'none') return null;
  if (lookup.kind === 'failure') {
    return {
      rua: [],
      findings: ['tlsrpt-record-dns-error'],
      messages: [`the TXT lookup of ${at} failed (${sanitize(lookup.message)}); whether TLS-RPT is published is unknown`],
    };
  }
  const parsed: TlsRptRecordParse = parseTlsRptRecords(lookup.texts);
  switch (parsed.kind) {
    case 'none':
      return null;
    case 'valid':
      return { rua: parsed.rua.map((uri) => sanitize(uri)), findings: [], messages: [] };
    case 'multiple':
      return {
        rua: [],
        findings: ['tlsrpt-record-multiple'],
        messages: [`${at} has ${parsed.count} TLS-RPT records; a sender assumes none and sends no reports (RFC 8460 §3)`],
      };
    case 'invalid':
      return {
        rua: parsed.rua.map((uri) => sanitize(uri)),
        findings: ['tlsrpt-record-invalid'],
        messages: [`${at}: ${sanitize(parsed.problem)}; a sender sends no reports`],
      };
  }
}
