/**
 * Check the Email Relay hop end to end, through the pipeline of a domain check: resolve the relay
 * as the platform does (MX, then A; an IP address as is), probe every address on the relay's port
 * (recording the AUTH mechanisms of both EHLOs; never AUTH, never MAIL FROM), judge the five relay
 * settings, and assemble the report. Never throws for anything a server or DNS did.
 */
import { resolveMailHosts } from '../dns/mail-hosts.js';
import type { RelayTarget } from '../input/relay-target.js';
import type { MxHost, ProbeObservation } from '../model/observation.js';
import { RELAY_PORTS, type RelayAuth, type RelayResult, type ResolvedVia } from '../model/relay.js';
import { SCHEMA_VERSION, type DomainResult, type MxHostResult, type Report } from '../model/report.js';
import { SALESFORCE, SALESFORCE_RELAY } from '../model/profiles/salesforce.js';
import { profileNotes, settingNames } from '../model/settings.js';
import { settingCertificateReasons } from './certificate-judge.js';
import { authMechanisms } from '../smtp/ehlo.js';
import { authWarnings, judgeRelay, platformHosts, usedByPlatform } from '../verdict/relay.js';
import { silentResolverNote } from '../verdict/run-notes.js';
import { certificateWarnings } from '../verdict/warnings.js';
import { checkHost, describeDns } from './check-domain.js';
import type { CheckRequest, CheckedRun } from './check-domains.js';
import { RunTally } from '../verdict/run-tally.js';
import type { RunContext } from './run-context.js';

export interface RelayRequest {
  target: RelayTarget;
  /** The port the platform would dial. */
  port: number;
  /** --auth: "Require SMTP authentication" will be on. */
  auth: boolean;
}

/** Said in every relay report: the relay does not carry all of the platform's mail. */
export const RELAY_BYPASS_NOTE =
  'Some platform mail never uses the relay (Salesforce Help, "Set Up Email Relay": Web-to-Lead, assignment rules, change owner, ' +
  "extended mail merge, among others): it goes straight to each recipient's MX under the Deliverability TLS setting, so " +
  'direct verdicts still matter. Get them with: tlscheck --require <setting> -f recipient-domains.txt (or --email-log <Email Log File>).';

const NO_AUTH: Pick<RelayAuth, 'before' | 'after'> = { before: null, after: null };

/**
 * `run.signal`: Ctrl-C; the probes in flight end as timeouts and the report says it was
 * interrupted, so no gate can pass on it. `run.onResult`: the result as soon as it is judged (ndjson).
 */
export async function checkRelayRun(
  request: RelayRequest,
  ctx: RunContext,
  run: Pick<CheckRequest, 'signal' | 'onResult'> = {},
): Promise<CheckedRun> {
  const { signal } = run;
  const started = ctx.now();
  const result = await checkRelay(request, ctx);
  run.onResult?.(result, 0);
  const tally = new RunTally(ctx.gate, settingNames(SALESFORCE));
  tally.add(result);
  const alerts = [portNote(request.port), silentResolverNote(ctx.resolver.activity())].filter((note): note is string => note !== null);
  const notes = [...alerts, ...relayNotes(result, request), RELAY_BYPASS_NOTE, ...profileNotes(SALESFORCE_RELAY)];
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: started.toISOString(),
    profile: SALESFORCE_RELAY.name,
    results: [result],
    notes,
    gate: ctx.gate,
    interrupted: signal?.aborted ? { notChecked: 0 } : null,
    baseline: null,
    traffic: null,
    shard: null,
    merged: null,
  };
  return { report, alerts, tally };
}

export async function checkRelay(request: RelayRequest, ctx: RunContext): Promise<RelayResult> {
  const started = Date.now();
  const { target, port } = request;
  const seen = new Map<string, ProbeObservation>();
  const probing: RunContext = {
    ...ctx,
    port,
    probe: async (probeTarget) => {
      const observation = await ctx.probe(probeTarget);
      seen.set(probeTarget.address, observation);
      return observation;
    },
  };
  const { dns, hosts, resolvedVia } = await resolveRelay(target, ctx);
  const mx = await Promise.all(hosts.map((host) => checkHost(host, target.host, resolvedVia === 'a', probing, [])));
  const authOf = (address: string) => authSeen(seen.get(address));
  const settings = judgeRelay(
    { dns, mx },
    { resolvedVia, authRequired: request.auth, authOf },
    settingCertificateReasons(target.host, ctx),
  );
  return {
    kind: 'relay',
    input: target.input,
    domain: target.host,
    dns,
    mx,
    settings,
    durationMs: Date.now() - started,
    recipients: 1,
    sources: ['argument 1'],
    gateSetting: ctx.gate?.setting ?? null,
    warnings: [...certificateWarnings(mx, ctx.warnDays), ...authWarnings(mx, authOf)],
    traffic: null,
    policy: null,
    position: 0,
    port,
    resolvedVia,
    auth: { ...chosenAuth(mx, resolvedVia, settings['required-verify'].viaAddress, authOf), required: request.auth },
  };
}

interface ResolvedRelay {
  dns: DomainResult['dns'];
  hosts: MxHost[];
  resolvedVia: ResolvedVia | null;
}

async function resolveRelay(target: RelayTarget, ctx: RunContext): Promise<ResolvedRelay> {
  if (target.literal !== null) {
    const host: MxHost = {
      host: target.host,
      preference: 0,
      addresses: [{ address: target.host, family: target.literal }],
      dnsFailure: null,
    };
    const message = 'an IP address: no DNS lookup; the platform connects to it as given';
    return { dns: { outcome: 'implicit-mx', reason: null, message }, hosts: [host], resolvedVia: 'ip-literal' };
  }
  // "If you provide a name, Salesforce checks for valid MX records first. If none are found, we look for an A record."
  const mailHosts = await resolveMailHosts(target.host, ctx.resolver);
  const dns = describeDns(mailHosts);
  if (mailHosts.kind === 'mx') return { dns, hosts: mailHosts.hosts, resolvedVia: 'mx' };
  if (mailHosts.kind === 'implicit-mx') return { dns, hosts: mailHosts.hosts, resolvedVia: 'a' };
  return { dns, hosts: [], resolvedVia: null };
}

function authSeen(observation: ProbeObservation | undefined): Pick<RelayAuth, 'before' | 'after'> {
  if (!observation) return NO_AUTH;
  // After HELO (EHLO refused) nothing was advertised: no AUTH.
  const before = observation.ehlo === null ? null : observation.heloFallback ? [] : authMechanisms(observation.ehlo);
  const after = observation.ehloTls === null ? null : authMechanisms(observation.ehloTls);
  return { before, after };
}

/** The address that carries the mail under required-verify, else the first address the platform would dial that answered EHLO. */
function chosenAuth(
  mx: readonly MxHostResult[],
  resolvedVia: ResolvedVia | null,
  viaAddress: string | null,
  authOf: (address: string) => Pick<RelayAuth, 'before' | 'after'>,
): Pick<RelayAuth, 'before' | 'after'> {
  if (viaAddress !== null) return authOf(viaAddress);
  for (const host of platformHosts(mx, resolvedVia)) {
    for (const address of host.addresses) {
      const auth = authOf(address.address);
      if (auth.before !== null) return auth;
    }
  }
  return NO_AUTH;
}

/** The port warning: probed as asked, but the platform's picklist does not have it. */
export function portNote(port: number): string | null {
  if (RELAY_PORTS.includes(port)) return null;
  return `port ${port} is not one the platform offers for a relay (${RELAY_PORTS.join(', ')}): probed as asked, but Salesforce cannot be set to use it`;
}

function relayNotes(result: RelayResult, request: RelayRequest): string[] {
  const notes: string[] = [];
  const unused = result.mx.flatMap((host) => host.addresses.filter((address) => !usedByPlatform(address.family, result.resolvedVia)));
  if (unused.length > 0) {
    notes.push(
      `IPv6 address(es) ${unused.map((address) => address.address).join(', ')} probed and shown but not used by Salesforce: ` +
        'it looks up MX, then A records, never AAAA',
    );
  }
  if (result.resolvedVia === 'ip-literal') {
    const names = [...new Set(result.mx.flatMap((host) => host.addresses.flatMap((address) => address.certificate?.names ?? [])))];
    const suggestion = names.length > 0 ? ` (its certificate names ${names.slice(0, 3).join(', ')})` : '';
    notes.push(
      `the relay is given as an IP address: no verify setting can work, the platform has no name to check the certificate against; configure the relay's host name instead${suggestion}`,
    );
  }
  if (request.auth) {
    notes.push(
      '--auth: with "Require SMTP authentication" on, the platform forces required-verify and authenticates with AUTH PLAIN or LOGIN after STARTTLS; required-verify is judged with that',
    );
  }
  return notes;
}
