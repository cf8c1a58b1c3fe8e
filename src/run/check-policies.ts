/**
 * The receiver's published policies for one domain: MTA-STS and TLS-RPT through the run's
 * resolver (its cache and servers) and its shared policy fetch. The lookups start with the MX
 * probe and run beside it; the judgements wait for its results (`mx`). None of them changes a
 * setting's verdict.
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
