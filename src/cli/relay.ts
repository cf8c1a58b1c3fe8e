/**
 * `tlscheck relay <host[:port]>`: the Email Relay hop (platform -> the customer's relay) through
 * the pipeline and the report of a domain check; `--auth` for "Require SMTP authentication".
 * The program's options apply (--format, --output, --require, --resolver, --ca-file, timeouts).
 */
import { SALESFORCE, SALESFORCE_RELAY } from '../model/profiles/index.js';
import type { Profile } from '../model/settings.js';
import type { Command } from 'commander';
import { parseRelayTarget, type RelayTarget } from '../input/relay-target.js';
import { checkRelayRun } from '../run/check-relay.js';
import type { RunContext } from '../run/run-context.js';
import { buildContext, gateFromOptions } from './context-from-options.js';
import type { Io } from './io.js';
import { UsageError, flagName, resolveSettingOptions, type CliOptions, type OptionSpec } from './options.js';
import { runChecks } from './run.js';

export interface RelayCliOptions {
  auth: boolean;
}

export const RELAY_OPTIONS: (Omit<OptionSpec, 'key'> & { key: keyof RelayCliOptions })[] = [
  {
    flags: '--auth',
    key: 'auth',
    description:
      '"Require SMTP authentication" will be on: the platform then forces required-verify and needs AUTH PLAIN or LOGIN after STARTTLS (never authenticates; gate: required-verify)',
    defaultValue: false,
  },
];

/** Program options that name recipient-domain inputs or comparisons: meaningless for the one relay. */
const DOMAIN_ONLY: readonly (keyof CliOptions)[] = [
  'file',
  'emailLog',
  'column',
  'restrict',
  'baseline',
  'suggestRestrict',
  'probe',
  'tlsDomain',
];

/** The relay is Salesforce's Email Relay: its five settings, whatever else --profile could name. */
export function relayProfile(options: Pick<CliOptions, 'profile'>): Profile {
  if (options.profile !== SALESFORCE)
    throw new UsageError(`tlscheck relay checks Salesforce's Email Relay hop; the ${options.profile.name} profile has no relay setting`);
  return SALESFORCE_RELAY;
}

export function relayOptions(command: Command): RelayCliOptions {
  return { auth: command.opts<{ auth?: boolean }>().auth === true };
}

export async function runRelayCommand(
  host: string,
  relay: RelayCliOptions,
  options: CliOptions,
  given: ReadonlySet<keyof CliOptions>,
  io: Io,
  signal?: AbortSignal,
): Promise<number> {
  for (const key of DOMAIN_ONLY) {
    if (given.has(key)) throw new UsageError(`${flagName(key).split(' ')[0]} is for recipient domains, not for tlscheck relay`);
  }
  options = resolveSettingOptions(options, relayProfile(options));
  const parsed = parseRelayTarget(host);
  if (!parsed.ok) throw new UsageError(parsed.message);
  const target = parsed.target;
  if (target.port !== null && given.has('port') && target.port !== options.port) {
    throw new UsageError(`the relay names port ${target.port} and --port says ${options.port}: give one`);
  }
  // The platform's picklist starts at 25, its default.
  const port = target.port ?? options.port;
  return runRelay(target, port, relay, buildContext(options, signal), options, io, signal);
}

/** One relay check through the CLI's run (outputs, gate line, exit code); the demo calls it with its world's context. */
export async function runRelay(
  target: RelayTarget,
  port: number,
  relay: RelayCliOptions,
  context: RunContext,
  options: CliOptions,
  io: Io,
  signal?: AbortSignal,
): Promise<number> {
  const ctx: RunContext = { ...context, gate: relayGate(options, relay) };
  const inputs = {
    targets: [{ input: target.input, domain: target.host, error: null, recipients: 1, sources: ['argument 1'], position: 0 }],
    warnings: [],
    traffic: new Map(),
    logReading: null,
  };
  return runChecks(inputs, ctx, { ...options, probe: true }, io, signal, {
    check: (request, runContext) => checkRelayRun({ target, port, auth: relay.auth }, runContext, request),
  });
}

/** --require as given; with --auth the platform forces required-verify, so that is the gate (another --require contradicts it). */
function relayGate(options: CliOptions, relay: RelayCliOptions): RunContext['gate'] {
  if (relay.auth && options.require !== null && options.require !== 'required-verify') {
    throw new UsageError(
      `--auth: with SMTP authentication the platform forces required-verify; --require ${options.require} contradicts it`,
    );
  }
  return gateFromOptions({ ...options, require: relay.auth ? 'required-verify' : options.require });
}
