/**
 * One thing to check, after reading the inputs: a normalised domain with every input entry that
 * named it merged in (duplicates are counted, never dropped), or an invalid entry kept so it is
 * reported with its reason and line.
 */
export interface Target {
  /** The text as given (the first entry that named this domain). */
  input: string;
  /** Normalised ASCII domain; null when the entry is not a valid mail domain. */
  domain: string | null;
  /** Why the entry is invalid (one line); null when valid. */
  error: string | null;
  /** How many entries (lines, contacts, arguments) named this domain. */
  recipients: number;
  /** Where those entries came from: "file:line" or "argument N" (the first 10). */
  sources: string[];
  /** 0-based place among all targets of the input, in order of first appearance. */
  position: number;
}

/** At most this many sources are kept per target; `recipients` still counts them all. */
export const MAX_SOURCES_PER_TARGET = 10;
