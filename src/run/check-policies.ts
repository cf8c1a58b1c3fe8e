/**
 * The receiver's published policies for one domain: MTA-STS and TLS-RPT through the run's
 * resolver (its cache and servers) and its shared policy fetch. checkDomain calls it after the MX
 * probe (run beside it, the lookups' load pushed tight probe deadlines over in the hostile world);
 * `mx` is a promise so the judgements could also wait for a probe still running. None of them
 * changes a setting's verdict.
 */
import type { DomainPolicies } from '../model/policy.js';
import type { MxHostResult } from '../model/report.js';
import { checkMtaSts } from '../policy/mta-sts.js';
import { checkTlsRpt } from '../policy/tls-rpt.js';
import type { RunContext } from './run-context.js';

export async function checkPolicies(domain: string, mx: Promise<readonly MxHostResult[]>, ctx: RunContext): Promise<DomainPolicies> {
  const [mtaSts, tlsRpt] = await Promise.all([checkMtaSts(domain, mx, ctx.resolver, ctx.fetchPolicy), checkTlsRpt(domain, ctx.resolver)]);
  // DANE (RFC 7672) goes here: `checkDane` from src/policy/dane.ts, its TLSA lookups started at
  // once and judged against `mx` (the certificates the probe saw), added to the Promise.all above.
  // Until then: not looked up.
  const dane = null;
  return { mtaSts, dane, tlsRpt };
}
