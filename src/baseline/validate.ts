/**
 * Turn parsed JSON into a Report, defensively: the file may be old (fields added later are absent)
 * or hand-edited (wrong types). A malformed domain result is skipped and counted rather than
 * trusted; the comparison then calls that domain new, which is never a regression.
 */
import {
  CHANGE_EFFECTS,
  CHANGE_KINDS,
  DNS_OUTCOMES,
  RESULT_KINDS,
  TRANSPORTS,
  TRUST_ERRORS,
  WARNING_KINDS,
  SCHEMA_VERSION,
  type AddressResult,
  type BaselineChange,
  type BaselineComparison,
  type CertificateReport,
  type CertificateWarning,
  type DomainResult,
  type DomainTraffic,
  type FailureReason,
  type GateConfig,
  type MxHostResult,
  type Report,
  type SettingVerdict,
  type SettingVerdicts,
} from '../model/report.js';
import { ALL_SETTING_NAMES, findProfile, SALESFORCE, SALESFORCE_RELAY } from '../model/profiles/index.js';
import { settingNames, type Profile } from '../model/settings.js';
import { FAILURE_KINDS, type TrafficSummary } from '../model/traffic.js';
import { PHASES, REASONS, type Failure, type Reason } from '../model/vocabulary.js';
import { asPolicies } from './policy.js';
import { asMergeInfo, asShardInfo } from './shard.js';
import {
  Malformed,
  asArray,
  asBoolean,
  asNullable,
  asNumber,
  asOneOf,
  asRecord,
  asString,
  isPlainObject,
  withDefault,
  type Reader,
} from './fields.js';

/** The counts and times a domain's traffic and the run's totals share (in the order the JSON writes them). */
const TRAFFIC_COUNTS = {
  deliveries: asNumber,
  tls: asNumber,
  verified: asNumber,
  unverified: asNumber,
  plaintext: asNumber,
  transientFailures: asNumber,
  permanentFailures: asNumber,
};
const TRAFFIC_TIMES = { firstSeen: asNullable(asString), lastSeen: asNullable(asString), lastPlaintext: asNullable(asString) };

const asReason = asOneOf<Reason>(REASONS, 'a tlscheck reason code');
/** A setting of any profile (`off` too: a relay run's). Which profile's is checked with the results. */
const asSetting = asOneOf(ALL_SETTING_NAMES, 'the name of a setting of a sender profile');
const asGateSetting = asSetting;
const asStrings = asArray(asString);

const asFailure = asRecord<Failure>({ phase: asOneOf(PHASES, 'a phase name'), reason: asReason, message: asString });

const asCertificate = asRecord<CertificateReport>({
  subject: asString,
  names: asStrings,
  issuer: asString,
  notBefore: asString,
  notAfter: asString,
  daysLeft: asNumber,
  keyType: asString,
  keyBits: asNullable(asNumber),
  chainLength: asNumber,
  trusted: asBoolean,
  trustError: asNullable(asOneOf(TRUST_ERRORS, 'a trust error code')),
  matchesMx: asBoolean,
  matchesDomain: asBoolean,
});

const asAddress = asRecord<AddressResult>({
  address: asString,
  family: asOneOf([4, 6] as const, '4 or 6'),
  port: asNumber,
  connected: asBoolean,
  banner: asNullable(asStrings),
  extensions: asNullable(asStrings),
  heloFallback: asBoolean,
  starttls: asNullable(asBoolean),
  tls: asNullable(asRecord<{ protocol: string; cipher: string }>({ protocol: asString, cipher: asString })),
  legacyProtocols: asNullable(asStrings),
  certificate: asNullable(asCertificate),
  failure: asNullable(asFailure),
  durationMs: asNumber,
});

const asMxHost = asRecord<MxHostResult>({
  host: asString,
  preference: asNumber,
  implicit: asBoolean,
  dnsFailure: asNullable(asRecord<{ reason: Reason; message: string }>({ reason: asReason, message: asString })),
  addresses: asArray(asAddress),
});

const asVerdict = asRecord<SettingVerdict>({
  deliverable: asNullable(asBoolean),
  transport: asNullable(asOneOf(TRANSPORTS, 'a transport (verified-tls, tls, plaintext)')),
  via: asNullable(asString),
  viaAddress: asNullable(asString),
  reasons: asArray(asReason),
});

/** The verdicts under each setting of the report's profile, in its order (a Salesforce relay's five, `off` first). */
function asVerdictsOf(profile: Profile): Reader<SettingVerdicts> {
  const shapes = [settingNames(profile), ...(profile === SALESFORCE ? [settingNames(SALESFORCE_RELAY)] : [])];
  return (value, path) => {
    if (!isPlainObject(value)) throw new Malformed(path, 'an object');
    const names = shapes.find((candidate) => candidate.length === Object.keys(value).length && candidate.every((name) => name in value));
    if (names === undefined) throw new Malformed(path, `a verdict under each of ${settingNames(profile).join(', ')}`);
    const verdicts: SettingVerdicts = {};
    for (const name of names) verdicts[name] = asVerdict(value[name], `${path}.${name}`);
    return verdicts;
  };
}

const domainResultReader = (profile: Profile) =>
  asRecord<DomainResult>({
    // Added with relay results: files written before it hold domain results only.
    kind: withDefault(asOneOf(RESULT_KINDS, 'a result kind (domain, relay)'), () => 'domain' as const),
    input: asString,
    domain: asNullable(asString),
    dns: asRecord<DomainResult['dns']>({
      outcome: asOneOf(DNS_OUTCOMES, 'a DNS outcome'),
      reason: asNullable(asReason),
      message: asNullable(asString),
    }),
    mx: asArray(asMxHost),
    settings: asVerdictsOf(profile),
    durationMs: asNumber,
    // Added after the first schemaVersion 1 files were written: absent means the old default.
    recipients: withDefault(asNumber, () => 1),
    sources: withDefault(asStrings, () => []),
    gateSetting: withDefault(asNullable(asGateSetting), () => null),
    warnings: withDefault(
      asArray(
        asRecord<CertificateWarning>({
          kind: asOneOf(WARNING_KINDS, 'a warning kind'),
          host: asString,
          address: asString,
          message: asString,
          brief: asString,
        }),
      ),
      () => [],
    ),
    traffic: withDefault(asNullable(asTraffic()), () => null),
    policy: withDefault(asNullable(asPolicies), () => null),
    // Older files have no position: readReport puts the entry's index in their place.
    position: withDefault(asNumber, () => UNKNOWN_POSITION),
  });

/** `{"TLSv1.2": 3}`: a plain object of numbers. */
function asCounts(value: unknown, path: string): Record<string, number> {
  if (!isPlainObject(value)) throw new Malformed(path, 'an object of counts');
  return Object.fromEntries(Object.entries(value).map(([key, count]) => [key, asNumber(count, `${path}.${key}`)]));
}

const UNKNOWN_POSITION = -1;

function asTraffic() {
  return asRecord<DomainTraffic>({
    ...TRAFFIC_COUNTS,
    ...TRAFFIC_TIMES,
    // Added after the first files with traffic were written: absent means none recorded.
    tlsVersions: withDefault(asCounts, () => ({})),
    failureReasons: withDefault(
      asArray(
        asRecord<FailureReason>({
          kind: asOneOf(FAILURE_KINDS, 'transient or permanent'),
          reason: asNullable(asString),
          count: asNumber,
        }),
      ),
      () => [],
    ),
  });
}

const asGate = asRecord<GateConfig>({
  setting: asGateSetting,
  restrict: asNullable(asStrings),
  allowUndetermined: asBoolean,
  failOnNoMail: withDefault(asBoolean, () => false),
});

const asChange = asRecord<BaselineChange>({
  domain: asString,
  kind: asOneOf(CHANGE_KINDS, 'a change kind'),
  setting: asNullable(asSetting),
  host: asNullable(asString),
  before: asNullable(asString),
  after: asNullable(asString),
  regression: asBoolean,
  // Added after the first files were written; the run-wide parts are never compared, so the old
  // `regression` flag is enough to fill it in.
  effect: withDefault(asOneOf(CHANGE_EFFECTS, 'a change effect'), () => 'neutral'),
  undetermined: withDefault(asBoolean, () => false),
});

const asComparison = asRecord<BaselineComparison>({ file: asString, generatedAt: asString, changes: asArray(asChange) });

/** At most this many skip explanations are kept; `skipped` still counts them all. */
export const MAX_PROBLEMS = 5;

export interface ReadReport {
  report: Report;
  /** Domain results left out because they were malformed. */
  skipped: number;
  /** Why, for the first few: "results[3].mx[0].preference: expected a number". */
  problems: string[];
  /** Made with --only (a top-level `listing`): `results` lists some domains only. */
  listed: boolean;
}

/**
 * A reader of one result of a report made for `profileName`; it throws Malformed. `index` is the
 * result's place in the file: its position when the file (an older one) records none.
 */
export function resultReader(profileName: unknown): (entry: unknown, index: number) => DomainResult {
  // Files written before profiles existed are Salesforce's (reportFromJson refused unknown names).
  const asDomainResult = domainResultReader((typeof profileName === 'string' ? findProfile(profileName) : null) ?? SALESFORCE);
  return (entry, index) => {
    const result = asDomainResult(entry, `results[${index}]`);
    if (result.position === UNKNOWN_POSITION) result.position = index;
    return result;
  };
}

/** `value` must already be known to be an object with `schemaVersion: 1` and a `results` array. */
export function readReport(value: Record<string, unknown> & { results: unknown[] }): ReadReport {
  const profile = (typeof value.profile === 'string' ? findProfile(value.profile) : null) ?? SALESFORCE;
  const asResult = resultReader(profile.name);
  const results: DomainResult[] = [];
  const problems: string[] = [];
  let skipped = 0;
  value.results.forEach((entry, index) => {
    try {
      results.push(asResult(entry, index));
    } catch (error) {
      if (!(error instanceof Malformed)) throw error;
      skipped += 1;
      if (problems.length < MAX_PROBLEMS) problems.push(error.message);
    }
  });
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: lenient(asString, value.generatedAt, 'unknown'),
    profile: profile.name,
    results,
    notes: lenient(asStrings, value.notes, []),
    // Run-wide parts the comparison never looks at: a wrong type there is ignored, not fatal.
    gate: lenient(asNullable(asGate), value.gate, null),
    interrupted: lenient(asNullable(asRecord<{ notChecked: number }>({ notChecked: asNumber })), value.interrupted, null),
    baseline: lenient(asNullable(asComparison), value.baseline, null),
    // The log totals: the comparison never looks at them; a merge of shards carries them over.
    traffic: lenient(asNullable(asTrafficSummary), value.traffic, null),
    shard: lenient(asNullable(asShardInfo), value.shard, null),
    merged: lenient(asNullable(asMergeInfo), value.merged, null),
  };
  return { report, skipped, problems, listed: value.listing !== undefined && value.listing !== null };
}

const asTrafficSummary = asRecord<TrafficSummary>({
  files: asNumber,
  rowsRead: asNumber,
  rowsSkipped: asNumber,
  warmUpRows: asNumber,
  domains: asNumber,
  plaintextDomains: asNumber,
  ...TRAFFIC_COUNTS,
  tlsVersions: asCounts,
  ...TRAFFIC_TIMES,
});

function lenient<T>(read: Reader<T>, value: unknown, fallback: T): T {
  if (value === undefined) return fallback;
  try {
    return read(value, '');
  } catch (error) {
    if (error instanceof Malformed) return fallback;
    throw error;
  }
}
