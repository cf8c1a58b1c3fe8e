/**
 * The one place tests build reports and observations (STYLE.md practice 18, like sslyze's
 * tests/factories.py), so that a change to the model touches this file and not every test.
 *
 * Every default describes one healthy thing: a certificate for mx.example.test that verifies; an
 * address that offered STARTTLS and completed TLS with it; a domain whose one MX host is
 * mx.<domain>, delivered under every setting (TLS, or verified TLS under the verify settings) via
 * mx.example.test from 192.0.2.1. A test overrides what it is about, and passes a value
 * explicitly whenever its expectation depends on it.
 */
import { SALESFORCE, SALESFORCE_RELAY } from '../src/model/profiles/index.js';
import { settingNames, type SettingRule } from '../src/model/settings.js';
import type { ListenSession } from '../src/model/listen.js';
import type { DanePolicy, DomainPolicies, MtaStsPolicy, TlsaRecord, TlsRptPolicy } from '../src/model/policy.js';
import type { ProbeObservation } from '../src/model/observation.js';
import type {
  AddressResult,
  BaselineChange,
  BaselineComparison,
  CertificateReport,
  DomainResult,
  DomainTraffic,
  GateConfig,
  MxHostResult,
  Report,
  SettingVerdict,
  SettingVerdicts,
  Transport,
  RunProfile,
  ShardInfo,
} from '../src/model/report.js';
import type { SettingName } from '../src/model/settings.js';
import type { Failure, Phase, Reason } from '../src/model/vocabulary.js';

/** Everything a hostile server or input file might send: ANSI, NUL, bidi, pipes, markup, CDATA end. */
export const HOSTILE =
  "\u001b[31mred\u001b[0m\u0000|pipe|</testcase><x a='1'>&amp;]]>\u202eevil @everyone [link](http://x) `code` $x$ \ud800 \uffff\r\nnext";
/** The classic spreadsheet payload (OWASP CSV injection). */
export const FORMULA = "=cmd|' /C calc'!A0";

// --- Salesforce's settings (the default profile), as the tests name them ---

/** The four settings of a domain, in order. */
export const SETTING_NAMES = settingNames(SALESFORCE);
/** The five of the Email Relay hop, `off` first. */
export const RELAY_SETTING_NAMES = settingNames(SALESFORCE_RELAY);
/** Each relay setting's row by name (the four domain settings' rows are the same). */
export const SETTINGS: Record<string, SettingRule> = Object.fromEntries(SALESFORCE_RELAY.settings.map((rule) => [rule.name, rule]));

// --- Observations (what the probe saw) ---

/** One SMTP session with 192.0.2.1 for mx.example.test that got a greeting and nothing else. */
export function probeObservation(overrides: Partial<ProbeObservation> = {}): ProbeObservation {
  return {
    address: '192.0.2.1',
    family: 4,
    host: 'mx.example.test',
    port: 25,
    banner: { code: 220, lines: ['hi'] },
    ehlo: null,
    heloFallback: false,
    starttlsOffered: null,
    starttlsReply: null,
    tls: null,
    legacyProtocols: null,
    legacyTls: null,
    ehloTls: null,
    failure: null,
    durationMs: 1,
    ...overrides,
  };
}

// --- Report parts: certificates, addresses, MX hosts ---

/** What went wrong, where; the message defaults to the reason. */
export function failure(reason: Reason = 'timeout', phase: Phase = 'banner', message: string = reason): Failure {
  return { phase, reason, message };
}

/** A certificate for mx.example.test, issued by the test intermediate, that verifies and matches the MX host. */
export function certificate(overrides: Partial<CertificateReport> = {}): CertificateReport {
  return {
    subject: 'CN=mx.example.test',
    names: ['mx.example.test'],
    issuer: 'CN=tlscheck Test Intermediate CA',
    notBefore: '2020-01-01T00:00:00.000Z',
    notAfter: '2120-01-01T00:00:00.000Z',
    daysLeft: 30000,
    keyType: 'EC',
    keyBits: 256,
    chainLength: 2,
    trusted: true,
    trustError: null,
    matchesMx: true,
    matchesDomain: false,
    ...overrides,
  };
}

/** 192.0.2.1, which offered STARTTLS and completed TLS 1.3 with a verified `certificate()`. */
export function address(overrides: Partial<AddressResult> = {}): AddressResult {
  return {
    address: '192.0.2.1',
    family: 4,
    port: 25,
    connected: true,
    banner: ['mx.example.test ESMTP'],
    extensions: ['PIPELINING', 'STARTTLS'],
    heloFallback: false,
    starttls: true,
    tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' },
    legacyProtocols: null,
    certificate: certificate(),
    failure: null,
    durationMs: 10,
    ...overrides,
  };
}

/** An address whose EHLO reply did not offer STARTTLS; the session ran to QUIT. */
export function noStarttlsAddress(overrides: Partial<AddressResult> = {}): AddressResult {
  return address({ starttls: false, tls: null, certificate: null, extensions: ['PIPELINING'], ...overrides });
}

/** An address whose session failed with `failure`: no TLS, no certificate; what came before as `address()`. */
export function failedAddress(why: Failure, overrides: Partial<AddressResult> = {}): AddressResult {
  return address({ tls: null, certificate: null, failure: why, ...overrides });
}

/**
 * An address whose session ended before EHLO was answered (timeout, 421, refused): STARTTLS
 * unknown, no banner; connected unless it failed in the connect phase.
 */
export function cutOffAddress(why: Failure = failure(), overrides: Partial<AddressResult> = {}): AddressResult {
  return failedAddress(why, { connected: why.phase !== 'connect', banner: null, extensions: null, starttls: null, ...overrides });
}

/** An MX host from DNS, resolved to `addresses`. */
export function mxHost(name: string, preference: number, addresses: AddressResult[]): MxHostResult {
  return { host: name, preference, implicit: false, dnsFailure: null, addresses };
}

// --- Verdicts ---

export function delivered(transport: Transport, via = 'mx.example.test', reasons: Reason[] = []): SettingVerdict {
  return { deliverable: true, transport, via, viaAddress: '192.0.2.1', reasons };
}

export function notDelivered(...reasons: Reason[]): SettingVerdict {
  return { deliverable: false, transport: null, via: null, viaAddress: null, reasons };
}

export function undetermined(...reasons: Reason[]): SettingVerdict {
  return { deliverable: null, transport: null, via: null, viaAddress: null, reasons };
}

/** The four verdicts, in the order of SETTING_NAMES. */
export function verdicts(
  preferred: SettingVerdict,
  required: SettingVerdict,
  preferredVerify: SettingVerdict,
  requiredVerify: SettingVerdict,
): SettingVerdicts {
  return { preferred, required, 'preferred-verify': preferredVerify, 'required-verify': requiredVerify };
}

/** The same verdict under every setting. */
export function everySetting(verdict: SettingVerdict): SettingVerdicts {
  return verdicts(verdict, verdict, verdict, verdict);
}

/** Delivered via `via`: over TLS, and over verified TLS under the verify settings. */
export function safeVerdicts(via = 'mx.example.test'): SettingVerdicts {
  return verdicts(delivered('tls', via), delivered('tls', via), delivered('verified-tls', via), delivered('verified-tls', via));
}

// --- Domains ---

/** What a test may override in a domain result; `settings` replaces single settings only. */
export type DomainOverrides = Partial<Omit<DomainResult, 'settings'>> & { settings?: Partial<SettingVerdicts> };

/** A checked domain: one MX host mx.<name> with one `address()`, delivered under every setting (`safeVerdicts()`). */
export function domain(name: string, overrides: DomainOverrides = {}): DomainResult {
  const { settings, ...rest } = overrides;
  return {
    kind: 'domain',
    input: name,
    domain: name,
    dns: { outcome: 'mx', reason: null, message: null },
    mx: [mxHost(`mx.${name}`, 10, [address()])],
    settings: { ...safeVerdicts(), ...(settings as SettingVerdicts) },
    durationMs: 250,
    recipients: 1,
    sources: ['argument 1'],
    gateSetting: null,
    warnings: [],
    traffic: null,
    policy: null,
    position: 0,
    ...rest,
  };
}

/** What the Email Log Files say of a domain: 10 messages over verified TLS 1.2 on 2024-05-01, no failure. */
export function traffic(overrides: Partial<DomainTraffic> = {}): DomainTraffic {
  return {
    deliveries: 10,
    tls: 10,
    verified: 10,
    unverified: 0,
    plaintext: 0,
    transientFailures: 0,
    permanentFailures: 0,
    firstSeen: '2024-05-01T08:00:00.000Z',
    lastSeen: '2024-05-01T18:00:00.000Z',
    lastPlaintext: null,
    tlsVersions: { 'TLSv1.2': 10 },
    failureReasons: [],
    ...overrides,
  };
}

/** A domain of --no-probe: no MX, every setting undetermined (`not-probed`), with `traffic`. */
export function notProbedDomain(name: string, figures: DomainTraffic, overrides: DomainOverrides = {}): DomainResult {
  return domain(name, {
    dns: { outcome: 'not-probed', reason: 'not-probed', message: 'not probed (--no-probe): no DNS query and no connection were made' },
    mx: [],
    settings: everySetting(undetermined('not-probed')),
    traffic: figures,
    ...overrides,
  });
}

/** The DNS part of a domain whose MX records named `mx`: what the verdict judges. */
export function domainWith(mx: MxHostResult[]): Pick<DomainResult, 'dns' | 'mx'> {
  return { dns: { outcome: 'mx', reason: null, message: null }, mx };
}

/** A domain with `settings` whose one MX host mx.<name> has `addresses`; overrides win over both. */
function scenario(name: string, settings: SettingVerdicts, addresses: AddressResult[], overrides: DomainOverrides): DomainResult {
  return domain(name, { mx: [mxHost(`mx.${name}`, 10, addresses)], ...overrides, settings: { ...settings, ...overrides.settings } });
}

/** Verified TLS under every setting. */
export function safe(name = 'safe.test', overrides: DomainOverrides = {}): DomainResult {
  return domain(name, overrides);
}

/** No STARTTLS: plaintext when preferred, not delivered when required. The banner is hostile. */
export function noStarttls(name = 'notls.test', overrides: DomainOverrides = {}): DomainResult {
  const plaintext = delivered('plaintext');
  const refused = notDelivered('starttls-not-supported');
  return scenario(name, verdicts(plaintext, refused, plaintext, refused), [noStarttlsAddress({ banner: [HOSTILE] })], overrides);
}

/** A banner timeout: undetermined under every setting. The failure message is hostile. */
export function slow(name = 'slow.test', overrides: DomainOverrides = {}): DomainResult {
  return scenario(name, everySetting(undetermined('timeout')), [cutOffAddress(failure('timeout', 'banner', HOSTILE))], overrides);
}

/** Self-signed (with a hostile subject): fine without verification, not delivered under the verify settings. */
export function selfSigned(name = 'selfsigned.test', overrides: DomainOverrides = {}): DomainResult {
  const refused = notDelivered('certificate-self-signed');
  const cert = certificate({ subject: `CN=${HOSTILE}`, trusted: false, trustError: 'self-signed' });
  return scenario(name, verdicts(delivered('tls'), delivered('tls'), refused, refused), [address({ certificate: cert })], overrides);
}

/** An input that is not a domain at all (by default a spreadsheet formula from a contact list). */
export function invalidInput(input = FORMULA, overrides: DomainOverrides = {}): DomainResult {
  return domain(input, {
    domain: null,
    dns: { outcome: 'invalid-input', reason: 'invalid-input', message: `not a domain: ${input}` },
    mx: [],
    sources: ['contacts.csv:7'],
    ...overrides,
    settings: { ...everySetting(notDelivered('invalid-input')), ...overrides.settings },
  });
}

// --- Reports ---

/** --require: `required` for every domain unless overridden. */
export function gateConfig(overrides: Partial<GateConfig> = {}): GateConfig {
  return { setting: 'required', restrict: null, allowUndetermined: false, failOnNoMail: false, ...overrides };
}

/** The same results, each judged under `setting` by the gate (or `preferred` when `unlisted` names it). */
export function gated(results: DomainResult[], setting: SettingName, unlisted: string[] = []): DomainResult[] {
  return results.map((result) => ({ ...result, gateSetting: unlisted.includes(result.domain ?? result.input) ? 'preferred' : setting }));
}

/** A change of example.test since the baseline; `regression` follows `effect` (neutral by default). */
export function baselineChange(overrides: Partial<Omit<BaselineChange, 'regression'>> = {}): BaselineChange {
  const effect = overrides.effect ?? 'neutral';
  return {
    domain: 'example.test',
    kind: 'verdict-changed',
    setting: null,
    host: null,
    before: null,
    after: null,
    undetermined: false,
    ...overrides,
    regression: effect === 'regression',
    effect,
  };
}

/** The comparison with a baseline file prev.json written on 2025-01-01. */
export function baselineComparison(changes: BaselineChange[], overrides: Partial<BaselineComparison> = {}): BaselineComparison {
  return { file: 'prev.json', generatedAt: '2025-01-01T00:00:00.000Z', changes, ...overrides };
}

/** A finished run of `results` with one note, no gate, not interrupted, no baseline. */
export function report(results: DomainResult[], overrides: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    generatedAt: '2025-01-02T03:04:05.678Z',
    profile: 'salesforce',
    results,
    notes: ['preferred-verify: judged strictly'],
    gate: null,
    interrupted: null,
    baseline: null,
    traffic: null,
    shard: null,
    merged: null,
    ...overrides,
  };
}

/** The options of a run with the defaults, as a shard report records them. */
export function runProfile(overrides: Partial<RunProfile> = {}): RunProfile {
  return {
    port: 25,
    families: [4, 6],
    timeouts: { phaseMs: 30_000, hostMs: 90_000, dnsQueryMs: 2_000 },
    warnDays: 21,
    probing: true,
    showAddresses: false,
    trustAnchors: 'a'.repeat(64),
    sender: 'salesforce',
    ...overrides,
  };
}

/** Shard `index` of `count` of an input of `targets` targets. */
export function shardInfo(index: number, count: number, targets: number, overrides: Partial<ShardInfo> = {}): ShardInfo {
  return { index, count, targets, input: 'b'.repeat(64), profile: runProfile(), ...overrides };
}

/** A listen session: by default a plaintext EHLO that left without STARTTLS or MAIL FROM. */
export function listenSession(
  overrides: Partial<ListenSession> & { at?: string; address?: string; ehlo?: string | null } = {},
): ListenSession {
  const { at, address, ehlo, ...rest } = overrides;
  return {
    type: 'session',
    client: { address: address ?? '192.0.2.25', port: 40000, ehlo: ehlo === undefined ? 'smtp01-ia4-sp1.mta.salesforce.com' : ehlo },
    posture: 'no-starttls',
    starttlsOffered: false,
    starttlsAttempted: false,
    starttlsCompleted: false,
    tls: null,
    tlsError: null,
    mailFrom: null,
    plaintextMailFrom: false,
    rcptToAfterMs: null,
    commands: 2,
    end: 'quit',
    startedAt: at ?? '2026-01-01T10:00:00.000Z',
    durationMs: 120,
    ...rest,
  };
}

// --- Receiver policies (MTA-STS, DANE, TLS-RPT) ---

/** An MTA-STS enforce policy for mx.<name> that mx.<name> satisfies; no findings. */
export function mtaSts(name: string, overrides: Partial<MtaStsPolicy> = {}): MtaStsPolicy {
  return {
    id: '20261201',
    policy: { mode: 'enforce', mx: [`mx.${name}`], maxAge: 604800 },
    hosts: [{ host: `mx.${name}`, matchesPattern: true, certificateValid: true, satisfiesPolicy: true }],
    findings: [],
    messages: [],
    honouringSender: { outcome: 'delivers', message: `an MTA-STS sender delivers only through mx.${name}` },
    ...overrides,
  };
}

/** A 3 1 1 TLSA record (DANE-EE, SPKI, SHA-256). */
export function tlsaRecord(overrides: Partial<TlsaRecord> = {}): TlsaRecord {
  return { usage: 3, selector: 1, matchingType: 1, data: 'ab'.repeat(32), ...overrides };
}

/** DANE for mx.<name>: DNSSEC-secure, one DANE-EE 3 1 1 record that the one address matches. */
export function dane(name: string, overrides: Partial<DanePolicy> = {}): DanePolicy {
  const record = tlsaRecord();
  return {
    resolverTrusted: true,
    hosts: [
      {
        host: `mx.${name}`,
        port: 25,
        tlsaName: `_25._tcp.mx.${name}`,
        status: 'secure',
        records: [record],
        addresses: [{ address: '192.0.2.1', matched: true, matchedRecord: record }],
        suggestedRecord: null,
      },
    ],
    findings: [],
    messages: [],
    ...overrides,
  };
}

/** TLS-RPT reporting to tls-reports@<name>. */
export function tlsRpt(name: string, overrides: Partial<TlsRptPolicy> = {}): TlsRptPolicy {
  return { rua: [`mailto:tls-reports@${name}`], findings: [], messages: [], ...overrides };
}

/** All three policies, right, for mx.<name>. */
export function policies(name: string, overrides: Partial<DomainPolicies> = {}): DomainPolicies {
  return { mtaSts: mtaSts(name), dane: dane(name), tlsRpt: tlsRpt(name), ...overrides };
}
