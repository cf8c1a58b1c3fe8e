/**
 * Read the JSON report of an earlier run (`tlscheck --format json`) to compare this run with.
 * Every problem with the file as a whole is one clear line (a `BaselineError`, exit 2 in the CLI);
 * problems inside single entries skip those entries and are counted instead.
 */
import { readFileSync } from 'node:fs';
import { SCHEMA_VERSION } from '../model/report.js';
import { sanitize } from '../text/sanitize.js';
import { isPlainObject } from './fields.js';
import { findProfile } from '../model/profiles/index.js';
import { readReport, type ReadReport } from './validate.js';

/** The baseline file cannot be used at all. The message is one line, naming the file. */
export class BaselineError extends Error {
  override name = 'BaselineError';
}

export type LoadedBaseline = ReadReport;

export function loadBaseline(path: string): LoadedBaseline {
  return parseBaseline(readText(path), path);
}

/**
 * The part of `loadBaseline` after reading the file; `path` only names the file in messages, and
 * `role` what it is to the user (a shard's "report" to `tlscheck merge`).
 */
export function parseBaseline(text: string, path: string, role = 'baseline'): LoadedBaseline {
  const name = `${role} ${sanitize(path)}`;
  let value: unknown;
  try {
    // A byte-order mark (files saved by some Windows editors) is not JSON but is no reason to refuse.
    value = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (error) {
    throw new BaselineError(`${name} is not JSON: ${oneLine((error as Error).message)}`);
  }
  return reportFromJson(value, name);
}

/** A parsed JSON value that must be a report of our schemaVersion; `name` names the file in messages ("baseline x.json"). */
export function reportFromJson(value: unknown, name: string): LoadedBaseline {
  const notReport = `${name} is not a tlscheck report (no schemaVersion/results); write one with tlscheck --format json`;
  if (!isPlainObject(value) || !('schemaVersion' in value) || !('results' in value)) throw new BaselineError(notReport);
  // The version first: a later schema may shape `results` differently.
  if (value.schemaVersion !== SCHEMA_VERSION) {
    const found = sanitize(JSON.stringify(value.schemaVersion) ?? 'undefined', 40);
    throw new BaselineError(`${name} has schemaVersion ${found}; this tlscheck reads schemaVersion ${SCHEMA_VERSION} only`);
  }
  if (!Array.isArray(value.results)) throw new BaselineError(notReport);
  if (value.profile !== undefined && (typeof value.profile !== 'string' || findProfile(value.profile) === null)) {
    const found = sanitize(JSON.stringify(value.profile) ?? 'undefined', 40);
    throw new BaselineError(
      `${name} was made for the sender profile ${found}, which this tlscheck does not know (tlscheck profiles lists them)`,
    );
  }
  return readReport(value as Record<string, unknown> & { results: unknown[] });
}

export function readText(path: string, role = 'baseline'): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const name = sanitize(path);
    if (code === 'ENOENT') throw new BaselineError(`${role} file not found: ${name}`);
    if (code === 'EISDIR') throw new BaselineError(`${role} ${name} is a directory, not a file`);
    if (code === 'EACCES' || code === 'EPERM') throw new BaselineError(`${role} ${name} cannot be read: permission denied`);
    throw new BaselineError(`${role} ${name} cannot be read: ${oneLine((error as Error).message)}`);
  }
}

export function oneLine(text: string): string {
  return sanitize(text.replace(/\s+/g, ' ').trim());
}
