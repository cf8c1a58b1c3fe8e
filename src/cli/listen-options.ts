/**
 * The options of `tlscheck listen`, declared once (they drive commander and their validation).
 * --port, --format and --output are the program's own options, read with the globals: commander
 * parses a program option wherever it appears on the line.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import { DEFAULT_CLIENT_WINDOW_MS } from '../listen/judge.js';
import { LISTEN_EXPECTATIONS, POSTURES, isPosture, type ListenExpectation, type Posture } from '../model/listen.js';
import { UsageError, type OptionSpec } from './options.js';

export interface ListenCliOptions {
  posture: Posture;
  address: string | null;
  name: string | null;
  cert: string | null;
  key: string | null;
  tempfail: boolean;
  duration: number | null;
  sessions: number | null;
  window: number;
  expect: ListenExpectation | null;
}

/** `90s`, `30m`, `2h`, `500ms` → milliseconds. */
export function parseDuration(flag: string) {
  return (value: string): number => {
    const match = /^(\d+)(ms|s|m|h)$/.exec(value.trim());
    const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
    const ms = match ? Number(match[1]) * unit[match[2] as keyof typeof unit] : NaN;
    if (!Number.isFinite(ms) || ms <= 0 || ms > 7 * 24 * 3_600_000)
      throw new UsageError(`${flag} must be a time such as 90s, 30m or 2h (at most a week), got "${value}"`);
    return ms;
  };
}

export const LISTEN_OPTIONS: (Omit<OptionSpec, 'key'> & { key: keyof ListenCliOptions })[] = [
  {
    flags: '--posture <posture>',
    key: 'posture',
    description: `what the receiver offers: ${POSTURES.join(', ')} (required)`,
    parse: (value) => {
      if (!isPosture(value)) throw new UsageError(`--posture must be one of ${POSTURES.join(', ')}, got "${value}"`);
      return value;
    },
  },
  {
    flags: '--address <ip>',
    key: 'address',
    description: 'address to listen on (default: every address, IPv6 and IPv4)',
    defaultValue: null,
    parse: (value) => {
      if (isIP(value) === 0) throw new UsageError(`--address must be an IP address, got "${value}"`);
      return value;
    },
  },
  {
    flags: '--name <host>',
    key: 'name',
    description:
      "the name this receiver answers as, in the banner and the generated certificates: the test domain's MX host name (default: this host's name)",
    defaultValue: null,
  },
  { flags: '--cert <pem>', key: 'cert', description: 'with --posture valid: the certificate chain (PEM)', defaultValue: null },
  { flags: '--key <pem>', key: 'key', description: 'with --posture valid: its private key (PEM)', defaultValue: null },
  {
    flags: '--tempfail',
    key: 'tempfail',
    description: 'refuse MAIL FROM with 451 instead of 550, to watch the sender retry',
    defaultValue: false,
  },
  {
    flags: '--duration <time>',
    key: 'duration',
    description: 'stop after this long (90s, 30m, 2h)',
    defaultValue: null,
    parse: parseDuration('--duration'),
  },
  {
    flags: '--sessions <n>',
    key: 'sessions',
    description: 'stop after this many sessions',
    defaultValue: null,
    parse: (value) => {
      if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 1_000_000)
        throw new UsageError(`--sessions must be a whole number from 1, got "${value}"`);
      return Number(value);
    },
  },
  {
    flags: '--window <time>',
    key: 'window',
    description: 'sessions of one address this close together are one client (senders retry)',
    defaultValue: DEFAULT_CLIENT_WINDOW_MS,
    parse: parseDuration('--window'),
  },
  {
    flags: '--expect <verdict>',
    key: 'expect',
    description:
      'gate: exit 1 when a client did not enforce, 0 when one enforced and none failed (clients that only connect, such as ' +
      'scanners, do not count), 3 when nothing decisive arrived',
    defaultValue: null,
    parse: (value) => {
      if (!(LISTEN_EXPECTATIONS as readonly string[]).includes(value))
        throw new UsageError(`--expect must be one of ${LISTEN_EXPECTATIONS.join(', ')}, got "${value}"`);
      return value;
    },
  },
];

export function listenDefaults(raw: Record<string, unknown>): ListenCliOptions {
  const options: Record<string, unknown> = {};
  for (const spec of LISTEN_OPTIONS) options[spec.key] = raw[spec.key] ?? spec.defaultValue;
  const result = options as unknown as ListenCliOptions;
  if (!result.posture) throw new UsageError(`listen needs --posture (${POSTURES.join(', ')})`);
  if (result.posture === 'valid' && (!result.cert || !result.key))
    throw new UsageError('--posture valid needs --cert <pem> and --key <pem>: a certificate senders trust for the MX name');
  if (result.posture !== 'valid' && (result.cert || result.key))
    throw new UsageError('--cert and --key are for --posture valid; the other postures make their own certificates');
  return result;
}

export function defaultName(): string {
  const name = hostname();
  return name.includes('.') ? name : 'tlscheck-listen.invalid';
}

export function readPem(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${flag} ${path}: ${(error as Error).message}`);
  }
}
