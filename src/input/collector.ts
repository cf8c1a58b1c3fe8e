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

export class TargetCollector {
  private readonly list: Target[] = [];
  private readonly byDomain = new Map<string, Target>();
  /** Entries taken so far; always the sum of the targets' recipients. */
  entries = 0;

  /** An entry as read (trimmed, without comments); `source` is "file:line" or "argument N". */
  add(entry: string, unit: EntryUnit, source: string): void {
    const outcome = interpretEntry(entry, unit);
    if (!outcome.ok) {
      this.addInvalid(entry, outcome.error, source);
      return;
    }
    this.entries += 1;
    const known = this.byDomain.get(outcome.domain);
    if (known) {
      known.recipients += 1;
      if (known.sources.length < MAX_SOURCES_PER_TARGET) known.sources.push(source);
      return;
    }
    // One string for both when the entry is the domain itself (the common case): ~50 bytes a target.
    const input = capped(entry);
    const target: Target = {
      input: input === outcome.domain ? outcome.domain : input,
      domain: outcome.domain,
      error: null,
      recipients: 1,
      sources: [source],
      position: this.list.length,
    };
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
