/**
 * What the test world's HTTPS server does for one MTA-STS policy host (a scenario's `policySites`,
 * keyed by host name, e.g. "mta-sts.good.test"): the certificate it presents and the answer to
 * GET /.well-known/mta-sts.txt. Every field but `certificate` has a default.
 */
import { isObject } from './scenario-records.js';

export interface PolicySiteSpec {
  /** A leaf id of fixtures/pki, presented for this host name (SNI). */
  certificate: string;
  /** HTTP status (default 200). */
  status?: number;
  /** The Content-Type header; null sends none (default "text/plain"). */
  contentType?: string | null;
  /** The response body (default ""). */
  body?: string;
  /** A Location header (for a redirect status). */
  location?: string;
  /** Bytes of padding appended to the body (a policy that is too large). */
  padBytes?: number;
  /** Hold the response back this many ms (a slow server). */
  delayMs?: number;
}

const CERTIFICATE_ID = /^[a-z0-9][a-z0-9-]*$/;
const KEYS = ['certificate', 'status', 'contentType', 'body', 'location', 'padBytes', 'delayMs'];

const isCount = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 0;

/** The problems of `policySites` (empty when valid). */
export function validatePolicySites(value: unknown, where: string): string[] {
  if (!isObject(value)) return [`${where}: must be an object of policy host names`];
  const problems: string[] = [];
  for (const [host, site] of Object.entries(value)) {
    const at = `${where}.${host}`;
    if (!/^[a-z0-9.-]+$/.test(host)) problems.push(`${at}: the key must be a lower-case host name`);
    if (!isObject(site)) {
      problems.push(`${at}: must be an object`);
      continue;
    }
    if (typeof site.certificate !== 'string' || !CERTIFICATE_ID.test(site.certificate))
      problems.push(`${at}.certificate: must be a leaf id of fixtures/pki`);
    if (site.status !== undefined && !(Number.isInteger(site.status) && (site.status as number) >= 100 && (site.status as number) <= 599))
      problems.push(`${at}.status: must be an HTTP status 100..599`);
    if (site.contentType !== undefined && site.contentType !== null && typeof site.contentType !== 'string')
      problems.push(`${at}.contentType: must be a string or null`);
    for (const key of ['body', 'location'] as const) {
      if (site[key] !== undefined && typeof site[key] !== 'string') problems.push(`${at}.${key}: must be a string`);
    }
    for (const key of ['padBytes', 'delayMs'] as const) {
      if (site[key] !== undefined && !isCount(site[key])) problems.push(`${at}.${key}: must be a whole number >= 0`);
    }
    for (const key of Object.keys(site)) if (!KEYS.includes(key)) problems.push(`${at}.${key}: unknown field (${KEYS.join(', ')})`);
  }
  return problems;
}
