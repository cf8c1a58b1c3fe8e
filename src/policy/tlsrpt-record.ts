/**
 * The TLS-RPT TXT record at _smtp._tls.<domain> (RFC 8460 §3): "v=TLSRPTv1; rua=<uri>[,<uri>]"
 * where each URI is mailto: or https:. Pure.
 */

import { chooseRecord, recordFields } from './txt-record.js';

export type TlsRptRecordParse =
  | { kind: 'none' }
  | { kind: 'valid'; rua: string[] }
  /** Several v=TLSRPTv1 records: a sender assumes none (RFC 8460 §3). */
  | { kind: 'multiple'; count: number }
  /** `rua` holds what could be read (possibly empty), for the report. */
  | { kind: 'invalid'; problem: string; rua: string[] };

const CANDIDATE = /^\s*v\s*=\s*tlsrpt/i;

export function parseTlsRptRecords(texts: readonly string[]): TlsRptRecordParse {
  const choice = chooseRecord(texts, CANDIDATE);
  return choice.kind === 'one' ? parseTlsRptRecord(choice.text) : choice;
}

function parseTlsRptRecord(text: string): TlsRptRecordParse {
  const fields = recordFields(text);
  if (fields[0] !== 'v=TLSRPTv1')
    return { kind: 'invalid', problem: `the record starts with "${fields[0] ?? ''}", not "v=TLSRPTv1"`, rua: [] };
  const ruaFields = fields.filter((field) => field.startsWith('rua='));
  if (ruaFields.length !== 1) {
    return {
      kind: 'invalid',
      problem: ruaFields.length === 0 ? 'the record has no rua field' : 'the record has more than one rua field',
      rua: [],
    };
  }
  const rua = ruaFields[0]!
    .slice(4)
    .split(',')
    .map((uri) => uri.replace(/^[ \t]+|[ \t]+$/g, ''));
  const bad = rua.find((uri) => !isReportUri(uri));
  if (bad !== undefined)
    return { kind: 'invalid', problem: `"${bad}" is neither a mailto: nor an https: URI`, rua: rua.filter(isReportUri) };
  return { kind: 'valid', rua };
}

/** RFC 8460 §3: reports go by mail (mailto:, RFC 6068) or by HTTPS POST (https:). */
export function isReportUri(uri: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return url.hostname !== '';
  if (url.protocol === 'mailto:') return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(decoded(url.pathname));
  return false;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // a stray % is no address either way
  }
}
