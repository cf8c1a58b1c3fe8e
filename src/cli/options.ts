/**
 * Every command-line option, declared once: this table drives commander, the parsing and
 * validation of values, and the README's usage section (which quotes `--help`).
 */
import { DEFAULT_CONCURRENCY, DEFAULT_POLITENESS, DEFAULT_TIMEOUTS } from '../model/limits.js';
import { DEFAULT_PROFILE, findProfile, PROFILES, SALESFORCE, SALESFORCE_RELAY } from '../model/profiles/index.js';
import { settingNames, TLS_VERSIONS, type Profile, type SettingName, type TlsVersion } from '../model/settings.js';
import { FORMATS, type Format } from '../render/index.js';
import { DEFAULT_WARN_DAYS } from '../verdict/warnings.js';
import { DEFAULT_MARKDOWN_LIMIT } from '../render/markdown.js';
import { ONLY_FILTERS, type OnlyFilter } from '../verdict/only.js';
import type { ShardSpec } from '../model/shard.js';

export interface CliOptions {
  file: string[];
  emailLog: string[];
  probe: boolean;
  policies: boolean;
  column: string | null;
  format: Format;
  output: OutputTarget[];
  details: boolean;
  restrict: string | null;
  baseline: string | null;
  failOnRegression: boolean;
  perAddress: number;
  retries: number;
  retryDelay: number;
  /** As typed until resolveSettingOptions names it by the profile's setting (`off`: a relay's only). */
  require: SettingName | null;
  allowUndetermined: boolean;
  failOnNoMail: boolean;
  showAddresses: boolean;
  warnDays: number;
  resolver: string[];
  trustAd: boolean;
  port: number;
  policyPort: number;
  helo: string | null;
  timeout: number;
  hostTimeout: number;
  dnsTimeout: number;
  caFile: string[];
  concurrency: number;
  ipv4Only: boolean;
  ipv6Only: boolean;
  only: OnlyFilter | null;
  markdownLimit: number;
  suggestRestrict: SettingName | null;
  shard: ShardOption | null;
  profile: Profile;
  tlsDomain: string | null;
  minTls: TlsVersion | null;
  shards: number | null;
}

export interface OptionSpec {
  flags: string;
  key: keyof CliOptions;
  description: string;
  /** Turns the raw string into the typed value; throws a UsageError with a one-line message. */
  parse?: (value: string, previous: unknown) => unknown;
  defaultValue?: unknown;
  /** How --help shows the default, when not the value itself (a profile: its name). */
  defaultShown?: string;
  /** Options without which this one means nothing: a usage error, not silently ignored. */
  needs?: Array<keyof CliOptions>;
  /** Options this one contradicts. */
  excludes?: Array<keyof CliOptions>;
}

export class UsageError extends Error {}

/** Where one rendering of the report goes: a format (null: the --format one) and a file. */
export interface OutputTarget {
  format: Format | null;
  file: string;
}

/** `json:report.json` names its format; `report.json` (or `c:\\x`, or `odd:name`) takes --format's. */
export function parseOutputTarget(value: string): OutputTarget {
  const colon = value.indexOf(':');
  const prefix = colon > 0 ? value.slice(0, colon) : '';
  const format = (FORMATS as readonly string[]).includes(prefix) ? (prefix as Format) : null;
  const file = format ? value.slice(colon + 1) : value;
  if (file === '') throw new UsageError(`--output ${value}: no file name after the format`);
  return { format, file };
}
/**
 * A setting name as people type it: any case, and the platform's own spellings — "Required
 * Verify" (Salesforce Setup), "RequiredVerify" (its API), required_verify — all name
 * required-verify; a setting's label as its documentation prints it works too.
 */
export function parseSettingName(value: string, profile: Profile): SettingName | null {
  const squeezed = (text: string) => text.replace(/[\s_-]+/g, '').toLowerCase();
  const wanted = squeezed(value);
  return profile.settings.find((rule) => squeezed(rule.name) === wanted || squeezed(rule.label) === wanted)?.name ?? null;
}

/** The setting `value` names in `profile`, for `flag`; a usage error listing the profile's settings otherwise. */
export function settingOption(flag: string, value: string, profile: Profile): SettingName {
  const name = parseSettingName(value, profile);
  if (name !== null) return name;
  if (profile === SALESFORCE && parseSettingName(value, SALESFORCE_RELAY) === 'off')
    throw new UsageError(`${flag} off is a setting of the Email Relay hop only: tlscheck relay <host[:port]> ${flag} off`);
  throw new UsageError(
    `${flag} must be a setting of the ${profile.name} profile: ${settingNames(profile).join(', ')}; got "${value}" (tlscheck profiles lists every profile's)`,
  );
}

/** --require and --suggest-restrict as typed, named by `profile`'s settings (the shards' profile for a merge, the relay's for a relay). */
export function resolveSettingOptions(options: CliOptions, profile: Profile): CliOptions {
  // The Email Log Files are Salesforce's: their plaintext rows say what a switch of Salesforce's settings risks.
  if (options.emailLog.length > 0 && profile !== SALESFORCE)
    throw new UsageError(`--email-log reads Salesforce's Email Log Files: it goes with --profile salesforce, not ${profile.name}`);
  return {
    ...options,
    require: options.require === null ? null : settingOption('--require', options.require, profile),
    suggestRestrict: options.suggestRestrict === null ? null : settingOption('--suggest-restrict', options.suggestRestrict, profile),
  };
}

const settingText = (flag: string) => (value: string) => {
  if (value.trim() === '') throw new UsageError(`${flag} needs a setting name (tlscheck profiles lists them)`);
  return value.trim();
};

/** --profile: a name `tlscheck profiles` lists. */
export function parseProfile(value: string): Profile {
  const profile = findProfile(value.trim());
  if (profile === null) throw new UsageError(`--profile must be one of ${PROFILES.map((known) => known.name).join(', ')}, got "${value}"`);
  return profile;
}

/** --min-tls: 1.0 to 1.3, or as OpenSSL names them (TLSv1.2). */
export function parseMinTls(value: string): TlsVersion {
  const bare = value.trim().replace(/^tlsv?/i, '');
  const version = TLS_VERSIONS.find((known) => known.replace(/^TLSv/, '') === bare || (known === 'TLSv1' && bare === '1.0'));
  if (version === undefined) throw new UsageError(`--min-tls must be 1.0, 1.1, 1.2 or 1.3, got "${value}"`);
  return version;
}

/** --tls-domain: a host name, or *.name for any name under it (Microsoft 365 TlsDomain). */
export function parseTlsDomain(value: string): string {
  const name = value.trim().toLowerCase().replace(/\.$/, '');
  const bare = name.startsWith('*.') ? name.slice(2) : name;
  if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/.test(bare))
    throw new UsageError(`--tls-domain must be a host name or *.domain (e.g. mail.contoso.com, *.contoso.com), got "${value}"`);
  return name;
}

const integer = (name: string, min: number, max: number) => (value: string) => {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max)
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return number;
};

/** More shards than any engine runs at once (a GitHub matrix: 256 jobs; an Indexed Job: 100,000 completions). */
export const MAX_SHARDS = 100_000;

/** --shard as given: a shard, or `auto` (resolved from the job engine's variables, cli/shard-option.ts). */
export type ShardOption = ShardSpec | 'auto';

export function parseShardOption(value: string): ShardOption {
  if (value === 'auto') return 'auto';
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || count > MAX_SHARDS || index < 1 || index > count)
    throw new UsageError(
      `--shard must be <i>/<n> with 1 <= i <= n <= ${MAX_SHARDS} (1-based: 1/4 is the first of four) or auto, got "${value}"`,
    );
  return { index, count };
}

const collect = (value: string, previous: unknown) => [...((previous as string[] | undefined) ?? []), value];

export const OPTIONS: OptionSpec[] = [
  {
    flags: '-f, --file <path>',
    key: 'file',
    description: 'read targets from a file, one domain or email address per line (# comments); "-" reads stdin; repeatable',
    defaultValue: [],
    parse: collect,
  },
  {
    flags: '--email-log <file>',
    key: 'emailLog',
    description:
      'read a Salesforce Email Log File (Setup > Email Log Files; CSV, gzip recognised by its content; "-" reads stdin); its recipient domains are checked and each result gets the log\'s traffic; repeatable, overlapping periods are counted once',
    defaultValue: [],
    parse: collect,
  },
  {
    flags: '--profile <name>',
    key: 'profile',
    description: `the sending platform whose settings are judged: ${PROFILES.map((known) => known.name).join(', ')} (tlscheck profiles explains each setting)`,
    defaultValue: DEFAULT_PROFILE,
    defaultShown: DEFAULT_PROFILE.name,
    parse: parseProfile,
  },
  {
    flags: '--tls-domain <name>',
    key: 'tlsDomain',
    description:
      "the name a certificate must match where a setting checks a configured name (microsoft365 DomainValidation: the connector's TlsDomain; *.contoso.com allowed)",
    defaultValue: null,
    parse: parseTlsDomain,
  },
  {
    flags: '--min-tls <version>',
    key: 'minTls',
    description:
      "the oldest TLS version the sender negotiates, for every setting (sendgrid's enforced-TLS version; default: the profile's)",
    defaultValue: null,
    parse: parseMinTls,
  },
  {
    flags: '--no-probe',
    key: 'probe',
    description: 'report from the Email Log Files alone: no DNS query and no connection; every verdict is undetermined (not-probed)',
    defaultValue: true,
  },
  {
    flags: '--no-policies',
    key: 'policies',
    description: "skip the receivers' MTA-STS, DANE and TLS-RPT lookups (fewer queries, no HTTPS fetch); every result's policy is null",
    defaultValue: true,
  },
  {
    flags: '--column <name>',
    key: 'column',
    needs: ['file'],
    description:
      'take addresses from this column of CSV exports (a .csv file, or any file whose header has the column) and count recipients per domain; other files are read as lists',
    defaultValue: null,
  },
  {
    flags: '--format <format>',
    key: 'format',
    description: `output format: ${FORMATS.join(', ')}`,
    defaultValue: 'table',
    parse: (value) => {
      if (!(FORMATS as readonly string[]).includes(value))
        throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${value}"`);
      return value;
    },
  },
  {
    flags: '--require <setting>',
    key: 'require',
    description:
      'CI gate: exit 1 if any domain would not be delivered under this setting of the --profile (salesforce: preferred, required, preferred-verify, required-verify; any case, "Required Verify" too; tlscheck relay also takes off)',
    defaultValue: null,
    parse: settingText('--require'),
  },
  {
    flags: '--restrict <domains>',
    key: 'restrict',
    needs: ['require'],
    description:
      'with --require: only these domains get the setting, all others the default (Salesforce "Restrict TLS to these domains"; ' +
      'separated by commas, semicolons or spaces; *.domain allowed; a pattern that matches no checked domain is warned about)',
    defaultValue: null,
  },
  {
    flags: '--allow-undetermined',
    key: 'allowUndetermined',
    needs: ['require'],
    description: 'with --require: domains that could not be judged (timeouts, 421, SERVFAIL) do not fail the gate',
    defaultValue: false,
  },
  {
    flags: '--fail-on-no-mail',
    key: 'failOnNoMail',
    needs: ['require'],
    description:
      'with --require: domains that get no mail under any setting today (NXDOMAIN, null MX, no address) fail the gate too (default: counted apart)',
    defaultValue: false,
  },
  {
    flags: '--output <[format:]file>',
    key: 'output',
    description:
      'write the report to a file instead of stdout, in --format or in the format named before a colon (json:report.json); ' +
      'repeatable, one run writes every file (the terminal keeps the progress display)',
    defaultValue: [],
    parse: (value, previous) => [...((previous as OutputTarget[] | undefined) ?? []), parseOutputTarget(value)],
  },
  {
    flags: '--show-addresses',
    key: 'showAddresses',
    description: 'show contact e-mail addresses from the input in reports (default: only their domains; sources stay file:line)',
    defaultValue: false,
  },
  {
    flags: '--warn-days <n>',
    key: 'warnDays',
    description: 'warn about certificates that expire within this many days (shown with the domain; not a verdict change)',
    defaultValue: DEFAULT_WARN_DAYS,
    parse: integer('--warn-days', 0, 3650),
  },
  {
    flags: '--details',
    key: 'details',
    description: 'table: show every MX address even for batches (default: details up to 30 domains, one line per domain above)',
    defaultValue: false,
  },
  {
    flags: '--baseline <report.json>',
    key: 'baseline',
    description: "compare with an earlier run's --format json report and show what changed",
    defaultValue: null,
  },
  {
    flags: '--fail-on-regression',
    key: 'failOnRegression',
    needs: ['baseline'],
    description: 'with --baseline: exit 1 when anything got worse since the baseline',
    defaultValue: false,
  },
  {
    flags: '--resolver <ip[:port]>',
    key: 'resolver',
    description: 'DNS server to query, repeatable (default: the nameservers of /etc/resolv.conf)',
    defaultValue: [],
    parse: collect,
  },
  {
    flags: '--trust-ad',
    key: 'trustAd',
    description: 'believe the DNSSEC AD bit of the resolvers even when not on loopback (for DANE; a validating resolver you trust)',
    defaultValue: false,
  },
  {
    flags: '--port <port>',
    key: 'port',
    description: 'SMTP port to probe on every MX address',
    defaultValue: 25,
    parse: integer('--port', 1, 65535),
  },
  {
    flags: '--policy-port <port>',
    key: 'policyPort',
    description: 'HTTPS port of the MTA-STS policy hosts (RFC 8461 says 443; another port is for test worlds)',
    defaultValue: 443,
    parse: integer('--policy-port', 1, 65535),
  },
  {
    flags: '--helo <name>',
    key: 'helo',
    description: 'name to send in EHLO (default: this host name if fully qualified, else tlscheck.invalid)',
    defaultValue: null,
  },
  {
    flags: '--timeout <ms>',
    key: 'timeout',
    description: 'deadline of each SMTP/TLS phase in milliseconds',
    defaultValue: DEFAULT_TIMEOUTS.phaseMs,
    parse: integer('--timeout', 100, 600_000),
  },
  {
    flags: '--host-timeout <ms>',
    key: 'hostTimeout',
    description: 'deadline of one whole probe of one address in milliseconds',
    defaultValue: DEFAULT_TIMEOUTS.hostMs,
    parse: integer('--host-timeout', 100, 3_600_000),
  },
  {
    flags: '--dns-timeout <ms>',
    key: 'dnsTimeout',
    description: 'deadline of one DNS query attempt in milliseconds (3 attempts, rotating over the resolvers)',
    defaultValue: DEFAULT_TIMEOUTS.dnsQueryMs,
    parse: integer('--dns-timeout', 50, 60_000),
  },
  {
    flags: '--ca-file <pem>',
    key: 'caFile',
    description: 'extra trusted CA certificates (PEM), added to the public roots; repeatable',
    defaultValue: [],
    parse: collect,
  },
  {
    flags: '--concurrency <n>',
    key: 'concurrency',
    description: 'domains checked at the same time',
    defaultValue: DEFAULT_CONCURRENCY,
    parse: integer('--concurrency', 1, 4096),
  },
  {
    flags: '--per-address <n>',
    key: 'perAddress',
    description: 'simultaneous connections to one MX address, across all domains (be polite: providers throttle)',
    defaultValue: DEFAULT_POLITENESS.perAddressConnections,
    parse: integer('--per-address', 1, 100),
  },
  {
    flags: '--retries <n>',
    key: 'retries',
    description: 'retries of an address that answered 421 or refused the connection, with back-off',
    defaultValue: DEFAULT_POLITENESS.retries,
    parse: integer('--retries', 0, 10),
  },
  {
    flags: '--retry-delay <ms>',
    key: 'retryDelay',
    description: 'first back-off delay (doubled each retry)',
    defaultValue: DEFAULT_POLITENESS.retryDelayMs,
    parse: integer('--retry-delay', 0, 600_000),
  },
  {
    flags: '-4, --ipv4-only',
    key: 'ipv4Only',
    excludes: ['ipv6Only'],
    description: 'probe IPv4 addresses only (IPv6 ones are reported as skipped)',
    defaultValue: false,
  },
  {
    flags: '-6, --ipv6-only',
    key: 'ipv6Only',
    description: 'probe IPv6 addresses only (IPv4 ones are reported as skipped)',
    defaultValue: false,
  },
  {
    flags: '--only <which>',
    key: 'only',
    description:
      'list only these domains, in every format: failing (not delivered under the --require setting, else required), undetermined, or at-risk (both); summaries and the exit code still count every domain',
    defaultValue: null,
    parse: (value) => {
      if (!(ONLY_FILTERS as readonly string[]).includes(value))
        throw new UsageError(`--only must be one of ${ONLY_FILTERS.join(', ')}, got "${value}"`);
      return value;
    },
  },
  {
    flags: '--markdown-limit <chars>',
    key: 'markdownLimit',
    description: 'markdown: shorten the report to fit this many characters (GitHub comments hold 65,536), failing domains first',
    defaultValue: DEFAULT_MARKDOWN_LIMIT,
    parse: integer('--markdown-limit', 5_000, 100_000_000),
  },
  {
    flags: '--suggest-restrict <setting>',
    key: 'suggestRestrict',
    description:
      'print the comma-separated list of checked domains delivered under this setting, to paste into "Restrict TLS to these domains" (stdout gets only the list; the report goes to --output if given)',
    defaultValue: null,
    parse: settingText('--suggest-restrict'),
  },
  {
    flags: '--shard <i/n|auto>',
    key: 'shard',
    description:
      'check only shard i of n (1-based: 1/4 to 4/4), split by a hash of each domain; entries that name no domain go to shard 1; ' +
      '"auto" takes i from JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or AWS_BATCH_JOB_ARRAY_INDEX (both 0-based: i = index + 1) ' +
      'and n from --shards or AWS_BATCH_JOB_ARRAY_SIZE; combine the reports with tlscheck merge',
    defaultValue: null,
    parse: parseShardOption,
  },
  {
    flags: '--shards <n>',
    key: 'shards',
    needs: ['shard'],
    description: "with --shard auto: how many shards (a Kubernetes Indexed Job's completions)",
    defaultValue: null,
    parse: integer('--shards', 1, MAX_SHARDS),
  },
];

/** The long form of an option's flags with its argument, as the user would type it: `--baseline <report.json>`. */
export function flagName(key: keyof CliOptions): string {
  const spec = OPTIONS.find((option) => option.key === key);
  return spec ? spec.flags.replace(/^-\w, /, '') : key;
}

/** Refuses options given without what they need, or with what they contradict; `given` holds the options set on the command line. */
export function checkCombinations(given: ReadonlySet<keyof CliOptions>): void {
  for (const spec of OPTIONS) {
    if (!given.has(spec.key)) continue;
    const flag = flagName(spec.key).split(' ')[0];
    for (const needed of spec.needs ?? []) if (!given.has(needed)) throw new UsageError(`${flag} needs ${flagName(needed)}`);
    for (const excluded of spec.excludes ?? [])
      if (given.has(excluded)) throw new UsageError(`${flag} cannot be combined with ${flagName(excluded).split(' ')[0]}`);
  }
}
