/**
 * A sending platform's outbound TLS settings as data: a profile is a list of setting rows, and the
 * verdict reads the rows. Adding a platform is adding a file in `profiles/` with its rows and a
 * table test, not branches in the verdict. The rows' facts and sources: README "Sender profiles".
 */

/** A setting's name as the platform spells it (`required-verify`, `encrypt`, `DomainValidation`). */
export type SettingName = string;

export const TLS_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/**
 * What a certificate name must match:
 * - `mx-host`: the MX host the sender connected to (Postfix `hostname`);
 * - `recipient-domain`: the recipient domain (Postfix `nexthop`);
 * - `recipient-domain-and-subdomains`: the recipient domain or a name under it (Postfix `nexthop, dot-nexthop`);
 * - `configured`: the name the admin configured (Microsoft 365's TlsDomain; `--tls-domain`).
 */
export const NAME_SOURCES = ['mx-host', 'recipient-domain', 'recipient-domain-and-subdomains', 'configured'] as const;
export type NameSource = (typeof NAME_SOURCES)[number];

/** What the sender does with a message whose setting cannot be met. */
export const ON_FAILURE = ['plaintext', 'next-mx', 'defer-then-bounce', 'bounce', 'drop'] as const;
export type OnFailure = (typeof ON_FAILURE)[number];

export interface Verification {
  /** The chain must lead to a trusted root, every certificate inside its validity window. */
  trust: boolean;
  /** A certificate name must match one of these (either passing is enough); [] when names are not checked. */
  names: readonly NameSource[];
  /** `many-labels`: a `*` may stand for several labels (Postfix: tls_wildcard_matches_multiple_labels = yes). */
  wildcard: 'one-label' | 'many-labels';
}

export interface SettingRule {
  name: SettingName;
  /** As the platform's documentation prints it ("Required Verify"). */
  label: string;
  /** At most 6 characters, for the table's narrow header. */
  short: string;
  /** Whether the sender sends STARTTLS when the server offers it (false: plaintext even then). */
  startTls: boolean;
  /** When the host offers no TLS, or TLS cannot be negotiated (454, failed handshake, a version below `minTls`). */
  withoutTls: 'plaintext' | 'not-delivered';
  /** What the certificate must pass; null: nothing (any certificate is accepted). */
  verify: Verification | null;
  /** The oldest TLS version the sender negotiates. */
  minTls: TlsVersion;
  /** What the sender does with the message when the setting cannot be met. */
  onFailure: OnFailure;
  /** Honours the receiver's MTA-STS policy in mode enforce (RFC 8461 §5). */
  mtaSts: boolean;
  /** DANE for SMTP (RFC 7672): `no`; `opportunistic` (when the MX host publishes secure TLSA records); `mandatory` (no secure TLSA: no delivery). */
  dane: 'no' | 'opportunistic' | 'mandatory';
  /** One line for the report. */
  summary: string;
  /** Where the platform's documentation is ambiguous, how it is read here; printed with the report. */
  note: string | null;
  /** The documentation the row comes from. */
  source: string;
}

export interface Profile {
  name: string;
  /** The platform in a sentence: "Salesforce", "Microsoft 365". */
  platform: string;
  /** What the settings are, for `tlscheck profiles`: "Microsoft 365 (Exchange Online, outbound connector TlsSettings)". */
  title: string;
  /** Most lenient first; the first is the platform's default. */
  settings: readonly SettingRule[];
  /** The setting a report is read under when no --require is given (the switch admins are asked to make). */
  view: SettingName;
  /** The settings a switch to which the report singles out ("cut off by a switch to …"). */
  atRisk: readonly SettingName[];
  /** Addresses tried per message at most (Postfix smtp_mx_address_limit); null: all. */
  maxAddresses: number | null;
}

/**
 * A trusted chain and a name matching the MX host or the recipient domain, either passing (one
 * label per `*`): Salesforce's reading, and the one taken where a platform says "valid
 * certificate" or "hostname" without saying which name.
 */
export const TRUSTED_MX_OR_DOMAIN: Verification = { trust: true, names: ['mx-host', 'recipient-domain'], wildcard: 'one-label' };

/** The fields of a platform's opportunistic default row ("TLS when offered, plaintext otherwise"), named `default`. */
export const OPPORTUNISTIC_DEFAULT = {
  name: 'default',
  label: 'default',
  short: 'deflt',
  startTls: true,
  withoutTls: 'plaintext',
  verify: null,
  onFailure: 'plaintext',
} as const satisfies Partial<SettingRule>;

export function settingRule(profile: Profile, name: SettingName): SettingRule {
  const rule = profile.settings.find((setting) => setting.name === name);
  if (rule === undefined) throw new Error(`profile ${profile.name} has no setting ${name}`);
  return rule;
}

export function settingNames(profile: Profile): SettingName[] {
  return profile.settings.map((setting) => setting.name);
}

/** The default (most lenient) setting: a domain that gets no mail under it gets none under any. */
export function defaultSetting(profile: Profile): SettingName {
  return (profile.settings[0] as SettingRule).name;
}

export function olderThan(version: string, minimum: TlsVersion): boolean {
  const index = (TLS_VERSIONS as readonly string[]).indexOf(version);
  return index !== -1 && index < TLS_VERSIONS.indexOf(minimum);
}

/** What the report says about how the platform's ambiguous documentation is read, once each. */
export function profileNotes(profile: Profile): string[] {
  return [...new Set(profile.settings.flatMap((setting) => (setting.note === null ? [] : [setting.note])))];
}

/** --min-tls: the profile with every setting's oldest version replaced (SendGrid's enforced-TLS version, Postfix's protocols). */
export function withMinTls(profile: Profile, version: TlsVersion): Profile {
  return { ...profile, settings: profile.settings.map((setting) => ({ ...setting, minTls: version })) };
}
