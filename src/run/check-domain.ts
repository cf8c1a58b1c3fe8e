/**
 * Check one target end to end: normalise, resolve the mail hosts, probe every address, judge
 * the certificates and every setting. Never throws for anything a server or DNS did.
 */
import { normalizeTarget } from '../dns/normalize.js';
import { redactedInput } from '../input/redact.js';
import { resolveMailHosts, type ResolvedMailHosts } from '../dns/mail-hosts.js';
import type { MxAddress, MxHost, ProbeObservation } from '../model/observation.js';
import type { AddressResult, CertificateReport, DomainResult, MxHostResult } from '../model/report.js';
import { defaultSetting } from '../model/settings.js';
import type { Target } from '../model/target.js';
import { extensionKeywords } from '../smtp/ehlo.js';
import { analyzeCertificate } from '../tls/analyze.js';
import { judgeAllSettings } from '../verdict/domain.js';
import { settingCertificateReasons } from './certificate-judge.js';
import { gateSettingFor } from '../verdict/gate.js';
import { certificateWarnings } from '../verdict/warnings.js';
import { checkPolicies } from './check-policies.js';
import type { RunContext } from './run-context.js';

export async function checkDomain(target: Target, ctx: RunContext): Promise<DomainResult> {
  const started = Date.now();
  if (target.domain === null) {
    const dns = { outcome: 'invalid-input' as const, reason: 'invalid-input' as const, message: target.error ?? 'not a valid mail domain' };
    return domainResult(target, ctx, dns, [], 0);
  }
  const domain = target.domain;
  if (!ctx.probing) return domainResult(target, ctx, NOT_PROBED, [], 0);
  const mailHosts = await resolveMailHosts(domain, ctx.resolver);
  const dns = describeDns(mailHosts);
  const hosts = mailHosts.kind === 'mx' || mailHosts.kind === 'implicit-mx' ? mailHosts.hosts : [];
  const implicit = mailHosts.kind === 'implicit-mx';
  // The observations stay here, beside the results: DANE compares TLSA records with the chain as sent.
  const observations: ProbeObservation[] = [];
  const mx = await Promise.all(hosts.map((host) => checkHost(host, domain, implicit, ctx, observations)));
  // After the probe, not beside it: its phase deadlines stay free of the lookups' load. A domain
  // that takes no mail (NXDOMAIN, null MX, DNS failure) has no policy worth judging.
  const policy = ctx.policies && hosts.length > 0 ? await checkPolicies(domain, mx, ctx, { hosts, observations }) : null;
  return domainResult(target, ctx, dns, mx, Date.now() - started, policy);
}

/**
 * One object literal in the JSON contract's field order. Not `{ ...entry, domain, ... }`: on Node
 * 20's V8 a spread followed by new keys gives every result its own hidden class (~0.4 kB each,
 * 10 MB per 10,000 domains).
 */
function domainResult(
  target: Target,
  ctx: RunContext,
  dns: DomainResult['dns'],
  mx: MxHostResult[],
  durationMs: number,
  policy: DomainResult['policy'] = null,
): DomainResult {
  return {
    kind: 'domain',
    input: ctx.showAddresses ? target.input : redactedInput(target.input, target.domain),
    domain: target.domain,
    dns,
    mx,
    settings: judgeAllSettings({ dns, mx, policy }, ctx.profile, settingCertificateReasons(target.domain, ctx)),
    durationMs,
    recipients: target.recipients,
    sources: target.sources,
    gateSetting: gateSettingFor(target.domain, ctx.gate, defaultSetting(ctx.profile)),
    warnings: certificateWarnings(mx, ctx.warnDays),
    traffic: target.domain === null ? null : (ctx.traffic.get(target.domain) ?? null),
    policy,
    position: target.position,
  };
}

/** --no-probe: no DNS question was asked. */
const NOT_PROBED: DomainResult['dns'] = {
  outcome: 'not-probed',
  reason: 'not-probed',
  message: 'not probed (--no-probe): no DNS query and no connection were made',
};

/** A target from one command-line string (used where no input file is involved); `position` is its place in the run's list. */
export function targetFromText(text: string, source: string, position: number): Target {
  const normalized = normalizeTarget(text);
  return normalized.ok
    ? { input: text, domain: normalized.domain, error: null, recipients: 1, sources: [source], position }
    : { input: text, domain: null, error: normalized.message, recipients: 1, sources: [source], position };
}

export function describeDns(mailHosts: ResolvedMailHosts): DomainResult['dns'] {
  switch (mailHosts.kind) {
    case 'mx':
    case 'implicit-mx':
      // A domain with absurdly many MX records is cut to the most preferred; say so.
      return { outcome: mailHosts.kind, reason: null, message: mailHosts.capped?.message ?? null };
    case 'dns-failure':
      return { outcome: 'dns-failure', reason: mailHosts.reason, message: mailHosts.message };
    case 'null-mx':
      return { outcome: 'null-mx', reason: 'null-mx', message: 'the domain publishes a null MX (RFC 7505): it accepts no mail' };
    case 'nxdomain':
      return { outcome: 'nxdomain', reason: 'nxdomain', message: 'the domain does not exist (NXDOMAIN)' };
    case 'no-mail-host':
      return { outcome: 'no-mail-host', reason: 'no-mail-host', message: 'the domain has no MX record and no address' };
  }
}

export async function checkHost(
  host: MxHost,
  domain: string,
  implicit: boolean,
  ctx: RunContext,
  observations: ProbeObservation[],
): Promise<MxHostResult> {
  const addresses = await Promise.all(host.addresses.map((address) => checkAddress(address, host.host, domain, ctx, observations)));
  return { host: host.host, preference: host.preference, implicit, dnsFailure: host.dnsFailure, addresses };
}

async function checkAddress(
  address: MxAddress,
  host: string,
  domain: string,
  ctx: RunContext,
  observations: ProbeObservation[],
): Promise<AddressResult> {
  if (!ctx.families.has(address.family)) {
    return skipped(
      address,
      ctx.port,
      `IPv${address.family} is excluded for this run; a sender without IPv${address.family} skips this address`,
    );
  }
  const observation = await ctx.probe({ address: address.address, family: address.family, host, port: ctx.port });
  observations.push(observation);
  return shared(observation, toAddressResult(observation, domain, ctx));
}

/**
 * The AddressResults made from each probe observation. Every domain that uses one MX host (a
 * provider's, for thousands of domains) probes it once and would get an identical AddressResult,
 * certificate report included, except where the recipient domain matters (matchesDomain, the
 * names listed): those that come out the same share one object, so a report that keeps its
 * results holds one copy per (address, MX host) rather than one per domain. The JSON is unchanged.
 * The map lets go of an observation when the probe cache does.
 */
const madeFrom = new WeakMap<ProbeObservation, AddressResult[]>();
/** Distinct variants kept per observation (a certificate matches the recipient domain or not: two, usually). */
const VARIANTS = 4;

function shared(observation: ProbeObservation, fresh: AddressResult): AddressResult {
  const made = madeFrom.get(observation);
  if (made === undefined) {
    madeFrom.set(observation, [fresh]);
    return fresh;
  }
  const same = made.find((known) => sameCertificate(known.certificate, fresh.certificate));
  if (same) return same;
  if (made.length < VARIANTS) made.push(fresh);
  return fresh;
}

/** Two reports of one observation's chain: equal field by field (names in order). */
function sameCertificate(a: CertificateReport | null, b: CertificateReport | null): boolean {
  if (a === null || b === null) return a === b;
  return (Object.keys(a) as (keyof CertificateReport)[]).every((key) =>
    key === 'names' ? a.names.length === b.names.length && a.names.every((name, i) => name === b.names[i]) : a[key] === b[key],
  );
}

function toAddressResult(observation: ProbeObservation, domain: string, ctx: RunContext): AddressResult {
  // A server that speaks only TLS 1.0/1.1: its certificate from the legacy probe, for senders that negotiate those.
  const session = observation.tls ?? observation.legacyTls;
  const chain = session?.chain ?? [];
  const verification = session?.verification ?? null;
  const sentChainLength = session?.sentChainLength;
  const certificate =
    chain.length > 0
      ? analyzeCertificate(chain, { mxHost: observation.host, domain, now: ctx.now(), trust: ctx.trust, verification, sentChainLength })
      : null;
  return {
    address: observation.address,
    family: observation.family,
    port: observation.port,
    connected: observation.banner !== null || (observation.failure !== null && observation.failure.phase !== 'connect'),
    banner: observation.banner?.lines ?? null,
    extensions: observation.ehlo ? extensionKeywords(observation.ehlo) : null,
    heloFallback: observation.heloFallback,
    starttls: observation.starttlsOffered,
    tls: observation.tls ? { protocol: observation.tls.protocol, cipher: observation.tls.cipher } : null,
    legacyProtocols: observation.legacyProtocols,
    certificate,
    failure: observation.failure,
    durationMs: observation.durationMs,
  };
}

function skipped(address: MxAddress, port: number, message: string): AddressResult {
  return {
    address: address.address,
    family: address.family,
    port,
    connected: false,
    banner: null,
    extensions: null,
    heloFallback: false,
    starttls: null,
    tls: null,
    legacyProtocols: null,
    certificate: null,
    failure: { phase: 'connect', reason: 'address-family-skipped', message },
    durationMs: 0,
  };
}
