/**
 * One run from the CLI's point of view: read the targets, call `checkDomains`, render the report
 * to stdout or to each --output, show progress on a terminal, end with the gate's line on stderr,
 * and return the exit code the gate decided. The streaming formats (ndjson, csv, csv-wide) are
 * written as results complete; when every output streams (and neither --baseline nor
 * --suggest-restrict needs the whole run), no result is kept: memory stays flat in the number of
 * domains, and the gate's line and exit code come from the run's tally.
 */
import { Chalk } from 'chalk';
import { BaselineError, loadBaseline } from '../baseline/load.js';
import { readTargets, InputError } from '../input/read-targets.js';
import { takeShard } from '../input/shard.js';
import type { DomainResult, DomainTraffic, GateConfig, LogReading, Report } from '../model/report.js';
import type { RunFacts } from '../model/run-facts.js';
import type { Target } from '../model/target.js';
import { gateLine } from '../render/gate-line.js';
import { SPREADSHEET_FORMATS, renderReportPieces, type Format } from '../render/index.js';
import { usableWidth } from '../render/layout.js';
import { renderNdjsonEnd } from '../render/ndjson.js';
import { isStreaming, streamRenderer, type StreamFacts, type StreamRenderer } from '../render/stream.js';
import { renderRestrictList, restrictListNotes } from '../render/suggest-restrict.js';
import { profileOf } from '../render/profile.js';
import { defaultSetting, type SettingName } from '../model/settings.js';
import { checkDomains, type CheckRequest, type CheckedRun } from '../run/check-domains.js';
import type { RunContext } from '../run/run-context.js';
import { exitCodeFor, unmatchedPatterns } from '../verdict/gate.js';
import type { RunTally } from '../verdict/run-tally.js';
import { isListed, listResults } from '../verdict/only.js';
import { suggestRestrict, type RestrictSuggestion } from '../verdict/suggest-restrict.js';
import { say, terminalStyle, type Io } from './io.js';
import { UsageError, type CliOptions } from './options.js';
import { openSink, type Sink } from './sink.js';
import { createProgress, rateLine } from './progress.js';
import { runFacts } from './run-facts.js';
import { resolveShard } from './shard-option.js';

/** Above this many domains the table shows one line per domain unless --details. */
export const DETAILS_UP_TO = 30;

export interface RunInputs {
  targets: Target[];
  warnings: string[];
  /** What the Email Log Files say per domain (--email-log); empty without them. */
  traffic: ReadonlyMap<string, DomainTraffic>;
  /** Files and rows of the Email Log Files read; null without them. */
  logReading: LogReading | null;
}

export async function loadInputs(args: string[], options: CliOptions, io: Io): Promise<RunInputs> {
  if (options.file.includes('-') && (io.stdin as { isTTY?: boolean }).isTTY) say(io, 'reading targets from the terminal; end with Ctrl-D');
  try {
    const read = await readTargets({ args, files: options.file, column: options.column, emailLogs: options.emailLog }, io.stdin);
    if (read.targets.length === 0)
      throw new UsageError('nothing to check: no domain in the arguments or files (try: tlscheck acme.com, or tlscheck demo)');
    return { targets: read.targets, warnings: read.warnings, traffic: read.traffic, logReading: read.logReading };
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(error.message);
    throw error;
  }
}

/** What turns the targets into a report: `checkDomains`, or the relay check of `tlscheck relay`. */
export type Checker = (request: CheckRequest, ctx: RunContext) => Promise<CheckedRun>;

export async function runChecks(
  inputs: RunInputs,
  context: RunContext,
  options: CliOptions,
  io: Io,
  signal?: AbortSignal,
  { facts = runFacts(options), check = checkDomains }: { facts?: RunFacts; check?: Checker } = {},
): Promise<number> {
  const ctx: RunContext = { ...context, traffic: inputs.traffic, probing: options.probe };
  // Warnings about the whole input, so every shard of a run says the same (and refuses the same).
  const warnings = [...inputs.warnings, ...restrictWarnings(inputs.targets, ctx.gate)];
  const spec = resolveShard(options.shard, options.shards, io.env);
  const share = spec ? takeShard(inputs.targets, spec) : null;
  const targets = share ? share.targets : inputs.targets;
  const baseline = options.baseline ? { file: options.baseline, loaded: loadBaselineOrFail(options.baseline) } : null;
  if (baseline && baseline.loaded.report.profile !== ctx.profile.name)
    throw new UsageError(
      `--baseline ${baseline.file} judged the ${baseline.loaded.report.profile} profile's settings; this run judges ${ctx.profile.name}'s: compare runs of one profile`,
    );
  // --suggest-restrict: stdout holds only the list (for a pipe); the report goes to --output or nowhere.
  const listOnStdout = options.suggestRestrict !== null;
  if (listOnStdout && options.output.length === 0 && options.format !== 'table')
    throw new UsageError(`--suggest-restrict writes the list to stdout: give --output <file> for the ${options.format} report`);
  const outputs = listOnStdout && options.output.length === 0 ? [] : await openOutputs(options, io);
  const progress = createProgress(io, targets.length, options.format === 'table' || options.output.length > 0 || listOnStdout);
  for (const warning of warnings) progress.warn(warning);
  const streamFacts = {
    gated: ctx.gate !== null,
    policies: ctx.policies && ctx.probing,
    traffic: targets.some((t) => t.domain !== null && ctx.traffic.has(t.domain)),
    profile: ctx.profile,
  };
  const streams = streamOutputs(outputs, streamFacts, options.only);
  const request: CheckRequest = {
    targets,
    inputWarnings: warnings,
    logReading: inputs.logReading,
    baseline,
    concurrency: options.concurrency,
    signal,
    observer: progress.observer,
    keepResults: streams.count < outputs.length || baseline !== null || listOnStdout,
    onResult: streams.count > 0 ? (result, index) => streams.add(index, result) : undefined,
    shard: spec && share ? { spec, total: share.total, input: share.input } : null,
  };
  const started = Date.now();
  let run;
  try {
    run = await check(request, ctx);
  } finally {
    progress.stop();
  }
  streams.end();
  progress.final(rateLine(run.tally.checked, ctx.resolver.activity(), Date.now() - started));
  const delivery = { streamed: streams.count > 0 ? streams.listed : null, alerts: run.alerts, tally: run.tally, facts };
  return deliverReport(run.report, outputs, options, io, delivery);
}

/**
 * The end of a run, and of `tlscheck merge`: every rendering of the finished report, the restrict
 * list, what the user must see on stderr (the interruption, alerts, the gate's line), and the exit
 * code. `streamed`: result lines already written to the streaming outputs (null: none streamed);
 * `tally`: the run's own count of every result (a streamed run keeps none in the report).
 */
export async function deliverReport(
  report: Report,
  outputs: { format: Format; sink: Sink }[],
  options: CliOptions,
  io: Io,
  {
    streamed,
    alerts,
    tally,
    facts = runFacts(options),
  }: { streamed: number | null; alerts: readonly string[]; tally?: RunTally; facts?: RunFacts },
): Promise<number> {
  const policy = { failOnRegression: options.failOnRegression };
  for (const { format, sink } of outputs) {
    if (streamed !== null && isStreaming(format)) {
      if (format === 'ndjson') sink.write(renderNdjsonEnd(report, streamed, streamedListing(report, options, streamed, tally)));
      continue;
    }
    // Colour is for stdout only (terminalStyle: a terminal, or FORCE_COLOR); a file never gets it.
    const paint = options.output.length === 0 ? terminalStyle(io) : new Chalk({ level: 0 });
    const details = options.details || report.results.length <= DETAILS_UP_TO;
    const width = usableWidth((io.stdout as { columns?: number }).columns, sink.isTerminal);
    const rendering = { paint, details, policy, width, only: options.only, markdownLimit: options.markdownLimit, facts };
    await sink.writeAll(renderReportPieces(report, format, rendering));
  }
  await Promise.all(outputs.map((output) => output.sink.close()));
  if (options.suggestRestrict)
    await writeRestrictList(suggestRestrict(report.results, options.suggestRestrict), defaultSetting(profileOf(report)), io);
  if (report.interrupted)
    say(io, `interrupted: ${tally?.checked ?? report.results.length} checked, ${report.interrupted.notChecked} not checked`);
  for (const alert of alerts) say(io, alert);
  const verdict = gateLine(report, policy, tally);
  if (verdict) say(io, verdict);
  return exitCodeFor(report, policy, tally?.gate());
}

/** --only with a streamed ndjson: the report kept no results, so the counts come from the stream and the tally. */
function streamedListing(report: Report, options: CliOptions, streamed: number, tally: RunTally | undefined) {
  if (!options.only) return null;
  return { ...listResults(report, options.only).listing, shown: streamed, total: tally?.checked ?? report.results.length };
}

interface Stream {
  /** The result of target `index` (null: checked, but not listed by --only). */
  add(index: number, result: DomainResult | null): void;
  /** Writes what is still held back (after an interruption, the results past a target not checked). */
  end(): void;
}

export interface StreamedOutputs {
  /** How many of the outputs stream. */
  count: number;
  /** The result of target `index`, to every streaming output (unless --only leaves it out). */
  add(index: number, result: DomainResult): void;
  /** Results written so far (those --only lists). */
  readonly listed: number;
  end(): void;
}

/**
 * The outputs written as results come (ndjson, csv, csv-wide), for a run and for a merge read a
 * result at a time; the other outputs wait for the whole report.
 */
export function streamOutputs(
  outputs: readonly { format: Format; sink: Sink }[],
  facts: StreamFacts,
  only: CliOptions['only'],
): StreamedOutputs {
  const streams = outputs.flatMap(({ format, sink }) =>
    isStreaming(format) ? [streamTo(sink, streamRenderer(format, facts), format === 'ndjson')] : [],
  );
  let listed = 0;
  return {
    count: streams.length,
    add(index, result) {
      const shown = isListed(result, only, facts.profile.view);
      if (shown) listed += 1;
      for (const stream of streams) stream.add(index, shown ? result : null);
    },
    get listed() {
      return listed;
    },
    end: () => streams.forEach((stream) => stream.end()),
  };
}

/**
 * Writes the head now and each result's text as it completes: ndjson in completion order (a
 * consumer sees every domain as soon as it is done), csv in input order like the whole report,
 * holding back only the text (not the result) of those that finish before an earlier one.
 */
function streamTo(sink: Sink, renderer: StreamRenderer, completionOrder: boolean): Stream {
  if (renderer.head) sink.write(renderer.head);
  const held = new Map<number, string>();
  let next = 0;
  return {
    add(index, result) {
      const text = result ? renderer.row(result) : '';
      if (completionOrder) {
        if (text) sink.write(text);
        return;
      }
      held.set(index, text);
      while (held.has(next)) {
        const ready = held.get(next) as string;
        held.delete(next);
        next += 1;
        if (ready) sink.write(ready);
      }
    },
    end() {
      for (const index of [...held.keys()].sort((a, b) => a - b)) if (held.get(index)) sink.write(held.get(index) as string);
      held.clear();
    },
  };
}

/** Every rendering the run writes: stdout in --format, or each --output file. */
export async function openOutputs(options: CliOptions, io: Io): Promise<{ format: Format; sink: Sink }[]> {
  if (options.output.length === 0) return [{ format: options.format, sink: await openSink(null, io) }];
  const outputs = [];
  for (const target of options.output) {
    const format = target.format ?? options.format;
    outputs.push({ format, sink: await openSink(target.file, io, { byteOrderMark: SPREADSHEET_FORMATS.includes(format) }) });
  }
  return outputs;
}

/**
 * A --restrict pattern that matches none of the checked domains is a typo or names domains outside
 * this batch: warn about each. When none matches, every domain would be judged under preferred
 * and the gate would pass on nothing: refuse the run.
 */
export function restrictWarnings(targets: readonly Pick<Target, 'domain'>[], gate: GateConfig | null): string[] {
  if (!gate?.restrict) return [];
  const domains = targets.flatMap((target) => (target.domain === null ? [] : [target.domain]));
  return restrictMessages(gate.restrict, unmatchedPatterns(gate.restrict, domains), domains.length);
}

/** The warnings for --restrict patterns that matched none of `domains` checked domains; a refusal when none matched. */
export function restrictMessages(patterns: readonly string[], unmatched: readonly string[], domains: number): string[] {
  if (unmatched.length === patterns.length) {
    throw new UsageError(
      `--restrict: no pattern matches any of the ${domains} checked domains (${unmatched.join(', ')}); ` +
        'check the spelling, or omit --restrict to judge every domain under the setting',
    );
  }
  return unmatched.map(
    (pattern) => `--restrict: "${pattern}" matches none of the checked domains (a typo, or a domain outside this batch?)`,
  );
}

/** The list alone on stdout (even when empty, so a pipe always gets its line), flushed; the notes on stderr. */
async function writeRestrictList(suggestion: RestrictSuggestion, otherwise: SettingName, io: Io): Promise<void> {
  for (const note of restrictListNotes(suggestion, otherwise)) say(io, note);
  await new Promise<void>((resolve) => io.stdout.write(renderRestrictList(suggestion), () => resolve()));
}

export function loadBaselineOrFail(path: string) {
  try {
    return loadBaseline(path);
  } catch (error) {
    if (error instanceof BaselineError) throw new UsageError(error.message);
    throw error;
  }
}
