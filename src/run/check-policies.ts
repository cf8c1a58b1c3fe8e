/**
 * The receiver's published policies for one domain: MTA-STS and TLS-RPT through the run's
 * resolver (its cache and servers) and its shared policy fetch, DANE's TLSA records judged against
 * the chains the probe saw. checkDomain calls it after the MX probe (run beside it, the lookups'
 * load pushed tight probe deadlines over in the hostile world). None of them changes a setting's
 * verdict.
 */
import type { DomainPolicies } from '../model/policy.js';
import type { MxHost, ProbeObservation } from '../model/observation.js';
import type { MxHostResult } from '../model/report.js';
import { checkDane } from '../policy/dane.js';
import { checkMtaSts } from '../policy/mta-sts.js';
import { checkTlsRpt } from '../policy/tls-rpt.js';
import type { RunContext } from './run-context.js';

export interface ProbedHosts {
  /** The MX hosts as DNS gave them, and what the probe saw at each address (the chains as sent). */
  hosts: readonly MxHost[];
  observations: readonly ProbeObservation[];
}

export async function checkPolicies(
  domain: string,
  mx: readonly MxHostResult[],
  ctx: RunContext,
  { hosts, observations }: ProbedHosts,
): Promise<DomainPolicies> {
  const [mtaSts, dane, tlsRpt] = await Promise.all([
    checkMtaSts(domain, mx, ctx.resolver, ctx.fetchPolicy),
    checkDane({ domain, port: ctx.port, hosts, observations, resolver: ctx.resolver, resolverTrusted: ctx.resolverTrusted }),
    checkTlsRpt(domain, ctx.resolver),
  ]);
  return { mtaSts, dane, tlsRpt };
}
