/**
 * Accounts for every input entry exactly once: an entry naming a domain seen before is merged
 * into that first Target (recipients + 1, its source kept up to MAX_SOURCES_PER_TARGET), and an
 * invalid entry becomes a Target of its own with the reason. Nothing is dropped.
 */
import { sanitize } from '../text/sanitize.js';
import { MAX_SOURCES_PER_TARGET, type Target } from '../model/target.js';
import { interpretEntry, type EntryUnit } from './entry.js';

/** Longest `input` kept (a whole unterminated CSV field, or a display name, can be megabytes). */
export const MAX_INPUT_CHARS = 1000;

function capped(entry: string): string {
  return entry.length > MAX_INPUT_CHARS ? `${entry.slice(0, MAX_INPUT_CHARS)}…` : entry;
}

/**
 * A valid target as the collector keeps it. A large input holds every target in memory before the
 * run starts, so one is kept small (README "Benchmark": ~130 bytes, from ~270 as a plain object):
 * the entry's text only when it is not the domain itself, and the first source as the file's name
 * (one string shared by every target of the file) and a line number, "file:line" being made only
 * when asked for.
 */
class CollectedTarget implements Target {
  recipients = 1;
  /** Sources after the first (at most MAX_SOURCES_PER_TARGET - 1). */
  private more: string[] | null = null;

  constructor(
    readonly domain: string,
    private readonly entry: string | null,
    private readonly origin: string,
    /** -1: `origin` is the whole source ("argument 2"). */
    private readonly line: number,
    readonly position: number,
  ) {}

  get input(): string {
    return this.entry ?? this.domain;
  }

  get error(): null {
    return null;
  }

  get sources(): string[] {
    const first = sourceOf(this.origin, this.line);
    return this.more === null ? [first] : [first, ...this.more];
  }

  /** Another entry named this domain. */
  merge(source: string): void {
    this.recipients += 1;
    const kept = 1 + (this.more?.length ?? 0);
    if (kept < MAX_SOURCES_PER_TARGET) (this.more ??= []).push(source);
  }
}

const sourceOf = (origin: string, line: number): string => (line < 0 ? origin : `${origin}:${line}`);

export class TargetCollector {
  private readonly list: Target[] = [];
  private readonly byDomain = new Map<string, CollectedTarget>();
  /** Entries taken so far; always the sum of the targets' recipients. */
  entries = 0;

  /**
   * An entry as read (trimmed, without comments). Its source is `origin` and `line` ("file:line")
   * or, without a line, `origin` alone ("argument N").
   */
  add(entry: string, unit: EntryUnit, origin: string, line = -1): void {
    const outcome = interpretEntry(entry, unit);
    if (!outcome.ok) {
      this.addInvalid(entry, outcome.error, sourceOf(origin, line));
      return;
    }
    this.entries += 1;
    const known = this.byDomain.get(outcome.domain);
    if (known) {
      known.merge(sourceOf(origin, line));
      return;
    }
    const input = capped(entry);
    const target = new CollectedTarget(outcome.domain, input === outcome.domain ? null : input, origin, line, this.list.length);
    this.byDomain.set(outcome.domain, target);
    this.list.push(target);
  }

  /** An entry that names no domain; `error` is made one line here. */
  addInvalid(entry: string, error: string, source: string): void {
    this.entries += 1;
    const position = this.list.length;
    this.list.push({ input: capped(entry), domain: null, error: sanitize(error, 300), recipients: 1, sources: [source], position });
  }

  /** The targets in order of first appearance. */
  targets(): Target[] {
    return this.list;
  }
}

/**
 * Line numbers of a recurring per-file remark ("12 rows have an empty Email cell"): counts all,
 * keeps the first few for the message.
 */
export class LineTally {
  count = 0;
  private readonly first: number[] = [];

  constructor(private readonly keep = 5) {}

  add(line: number): void {
    this.count += 1;
    if (this.first.length < this.keep) this.first.push(line);
  }

  /** "line 4" / "lines 4, 9, 12, ..." */
  describe(): string {
    const more = this.count > this.first.length ? ', ...' : '';
    return `${this.first.length === 1 && !more ? 'line' : 'lines'} ${this.first.join(', ')}${more}`;
  }
}

/** "1 row has" / "3 rows have" */
export function pluralHas(count: number, noun: string): string {
  return count === 1 ? `1 ${noun} has` : `${count} ${noun}s have`;
}
