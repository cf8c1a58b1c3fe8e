/**
 * Every command-line option, declared once: this table drives commander, the parsing and
 * validation of values, and the README's usage section (which quotes `--help`).
 */
import { DEFAULT_CONCURRENCY, DEFAULT_POLITENESS, DEFAULT_TIMEOUTS } from '../model/limits.js';
import { SETTING_NAMES, isSettingName, type SettingName } from '../model/settings.js';
import { FORMATS, type Format } from '../render/index.js';
import { DEFAULT_WARN_DAYS } from '../verdict/warnings.js';

export interface CliOptions {
  file: string[];
  emailLog: string[];
  probe: boolean;
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
  require: SettingName | null;
  allowUndetermined: boolean;
  failOnNoMail: boolean;
  showAddresses: boolean;
  warnDays: number;
  resolver: string[];
  port: number;
  helo: string | null;
  timeout: number;
  hostTimeout: number;
  dnsTimeout: number;
  caFile: string[];
  concurrency: number;
  ipv4Only: boolean;
  ipv6Only: boolean;
}

export interface OptionSpec {
  flags: string;
  key: keyof CliOptions;
  description: string;
  /** Turns the raw string into the typed value; throws a UsageError with a one-line message. */
  parse?: (value: string, previous: unknown) => unknown;
  defaultValue?: unknown;
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

const integer = (name: string, min: number, max: number) => (value: string) => {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max)
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return number;
};

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
    flags: '--no-probe',
    key: 'probe',
    description: 'report from the Email Log Files alone: no DNS query and no connection; every verdict is undetermined (not-probed)',
    defaultValue: true,
  },
  {
    flags: '--column <name>',
    key: 'column',
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
    description: `CI gate: exit 1 if any domain would not be delivered under this setting (${SETTING_NAMES.join(', ')})`,
    defaultValue: null,
    parse: (value) => {
      if (!isSettingName(value)) throw new UsageError(`--require must be one of ${SETTING_NAMES.join(', ')}, got "${value}"`);
      return value;
    },
  },
  {
    flags: '--restrict <domains>',
    key: 'restrict',
    description:
      'with --require: only these domains get the setting, all others preferred (Salesforce "Restrict TLS to these domains"; ' +
      'separated by commas, semicolons or spaces; *.domain allowed; a pattern that matches no checked domain is warned about)',
    defaultValue: null,
  },
  {
    flags: '--allow-undetermined',
    key: 'allowUndetermined',
    description: 'with --require: domains that could not be judged (timeouts, 421, SERVFAIL) do not fail the gate',
    defaultValue: false,
  },
  {
    flags: '--fail-on-no-mail',
    key: 'failOnNoMail',
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
    flags: '--port <port>',
    key: 'port',
    description: 'SMTP port to probe on every MX address',
    defaultValue: 25,
    parse: integer('--port', 1, 65535),
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
    description: 'probe IPv4 addresses only (IPv6 ones are reported as skipped)',
    defaultValue: false,
  },
  {
    flags: '-6, --ipv6-only',
    key: 'ipv6Only',
    description: 'probe IPv6 addresses only (IPv4 ones are reported as skipped)',
    defaultValue: false,
  },
];
