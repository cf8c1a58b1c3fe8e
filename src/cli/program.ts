/** The commander program, built from the option table. Only the CLI layer touches commander. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { LISTEN_OPTIONS } from './listen-options.js';
import { OPTIONS, type CliOptions, type OptionSpec } from './options.js';
import { RELAY_OPTIONS } from './relay.js';
import { fixturesDir } from '../world/fixtures.js';

export const DESCRIPTION =
  'Would mail to these domains still be delivered if outbound TLS were set to Required?\n\n' +
  'Resolves the MX hosts, probes STARTTLS on every MX address (port 25), inspects the certificates, ' +
  'and gives a verdict for each TLS setting of the sending platform (--profile; Salesforce by default: ' +
  'preferred, required, preferred-verify, required-verify). Never sends mail.';

const EXAMPLES = `
Examples:
  tlscheck acme.com                      check one domain
  tlscheck user@acme.com partner.org     email addresses are reduced to their domain
  tlscheck --require required acme.com   CI gate: exit 1 if mail would stop under Required
  tlscheck --format json acme.com        machine-readable report (schemaVersion 1)
  tlscheck -f contacts.csv --column Email                  recipients counted per domain
  tlscheck --require required -f domains.txt --format junit --output tls.xml
  tlscheck --require required --restrict "acme.com,*.partner.com" -f domains.txt
  tlscheck -f domains.txt --shard 2/4 --format ndjson --output shard-2.ndjson   one shard of a large run
  tlscheck merge 'shard-*.ndjson' --require required   the shards' reports as one (README: Large runs)
  tlscheck --profile microsoft365 --tls-domain '*.acme.com' acme.com
                                         judged under Microsoft 365's connector settings instead
  tlscheck profiles                      every sender profile and what each setting means
  tlscheck demo                          the built-in demo world on loopback (no network)
  tlscheck relay smtp.example.com:587 --require required-verify
                                         can the Email Relay be set to Required Verify?
  tlscheck listen --posture no-starttls --expect enforced --duration 30m
                                         prove the sending platform enforces TLS (README: Proving enforcement)

Exit codes: 0 ok, 1 gate failed, 2 usage or input error, 3 gate undetermined (timeouts, 421, SERVFAIL),
70 internal error, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).`;

export function addOptions(command: Command, specs: readonly Omit<OptionSpec, 'key'>[]): Command {
  for (const spec of specs) {
    const option = new Option(spec.flags, spec.description);
    if (spec.parse) option.argParser(spec.parse);
    if (
      spec.defaultValue !== undefined &&
      !(Array.isArray(spec.defaultValue) && spec.defaultValue.length === 0) &&
      spec.defaultValue !== null &&
      spec.defaultValue !== false
    ) {
      option.default(spec.defaultValue, spec.defaultShown);
    }
    command.addOption(option);
  }
  return command;
}

export function buildProgram(): Command {
  const program = new Command('tlscheck')
    .description(DESCRIPTION)
    .argument('[targets...]', 'domains or email addresses to check')
    .addHelpText('after', EXAMPLES)
    .version(packageVersion(), '-V, --version', 'print the version')
    .showSuggestionAfterError()
    .exitOverride();
  addOptions(program, OPTIONS);
  // commander adds `help [command]` on its own only to programs without an action; without it,
  // `tlscheck help` would check a domain called "help".
  program.helpCommand('help [command]', 'show the help, or the help of a command');
  // The demo takes the program's options (--format, --require, ...); those that name the network
  // (--resolver, --port, --ca-file) are replaced by the world's own.
  addOptions(
    program
      .command('demo')
      .argument('[world]', '"relay": check the demo Email Relay as tlscheck relay does, instead of the demo domains')
      .description(
        'start a small mail world on loopback (DNS and SMTP servers with different TLS postures) and check every domain in it; needs no network',
      )
      .configureHelp({ showGlobalOptions: true })
      .exitOverride(),
    RELAY_OPTIONS.map((spec) => ({ ...spec, description: `with demo relay: ${spec.description}` })),
  );
  addOptions(
    program
      .command('relay')
      .argument('<host[:port]>', 'the Email Relay host as configured (name or IP address) and its port (25, 587, 10025, 11025; default 25)')
      .description(
        'check the Email Relay hop: which of the relay TLS settings (off, preferred, required, preferred-verify, required-verify) ' +
          'would work, and why; resolves the relay as the platform does (MX, then A), probes its port, never authenticates, never sends mail',
      )
      .configureHelp({ showGlobalOptions: true })
      .exitOverride(),
    RELAY_OPTIONS,
  );
  program
    .command('profiles')
    .description(
      'list the sender profiles (--profile) with their settings: what each demands (TLS version, certificate, names), what happens when it is not met, the receiver policies it honours, and its source',
    )
    .exitOverride();
  program
    .command('merge')
    .argument('<reports...>', 'the JSON or NDJSON reports of the shards (files or globs, any order)')
    .description(
      'merge the reports of a run split with --shard into the report of the whole run, after checking they belong together ' +
        '(same input and options, every shard once); renders any --format with --require, --baseline and --only as a run would',
    )
    .option(
      '--allow-partial',
      'merge even when shards are missing or were interrupted; the report says which and how many targets were not checked',
    )
    .configureHelp({ showGlobalOptions: true })
    .exitOverride();
  addOptions(
    program
      .command('listen')
      .description(
        "receive mail as a test domain's MX with a TLS posture (no STARTTLS, a bad certificate, TLS 1.0 only) and report, " +
          'per sending client, whether it enforced TLS; refuses every message (--port, --format table|ndjson|json|html and --output apply)',
      )
      .configureHelp({ showGlobalOptions: true })
      .exitOverride(),
    LISTEN_OPTIONS,
  );
  return program;
}

/** The options the user set on the command line (of this command or the program around it). */
export function givenOptions(command: Command): Set<keyof CliOptions> {
  return new Set(OPTIONS.filter((spec) => command.getOptionValueSourceWithGlobals(spec.key) === 'cli').map((spec) => spec.key));
}

/** From the package.json next to dist/ (it ships in every install), found as the fixtures are (from dist/src or the bundle). */
export function packageVersion(): string {
  const text = readFileSync(join(fixturesDir(), '..', 'package.json'), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

/** Fills in the defaults of options commander left unset, so the result is a complete CliOptions. */
export function withDefaults<T extends object>(raw: Record<string, unknown>): T {
  const options: Record<string, unknown> = {};
  for (const spec of OPTIONS) options[spec.key] = raw[spec.key] ?? spec.defaultValue;
  return options as T;
}
