/** MTA-STS (RFC 8461) for one domain: the TXT record, the policy fetch, the judgement. */
import type { Resolver } from '../dns/resolver.js';
import type { MtaStsPolicy } from '../model/policy.js';
import type { MxHostResult } from '../model/report.js';
import { judgeMtaSts, type MtaStsObservations } from './mta-sts-judge.js';
import type { PolicyFetch } from './sts-fetch.js';
import { parseStsRecords } from './sts-record.js';
import { lookupTxt } from './txt-records.js';

export function stsRecordName(domain: string): string {
  return `_mta-sts.${domain}`;
}

/**
 * `fetchPolicy` is the run's shared fetch (one HTTPS request per domain per run). The policy is
 * fetched whenever something like an MTA-STS record exists, even a broken one: the admin wants
 * to know whether the policy file is right too. `mx`: what the probe saw, for the per-host judgement.
 */
export async function checkMtaSts(
  domain: string,
  mx: readonly MxHostResult[],
  resolver: Resolver,
  fetchPolicy: (domain: string) => Promise<PolicyFetch>,
): Promise<MtaStsPolicy | null> {
  const lookup = await lookupTxt(resolver, stsRecordName(domain));
  let record: MtaStsObservations['record'];
  if (lookup.kind === 'failure') record = { kind: 'dns-failure', message: lookup.message };
  else record = lookup.kind === 'none' ? { kind: 'none' } : parseStsRecords(lookup.texts);
  if (record.kind === 'none') return null;
  const fetch = record.kind === 'dns-failure' ? null : await fetchPolicy(domain);
  return judgeMtaSts({ domain, record, fetch, mx });
}
