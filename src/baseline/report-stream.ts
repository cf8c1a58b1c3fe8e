/**
 * An NDJSON report read without holding it, for `tlscheck merge` of shards too large to hold:
 * its report line (the last line) read from the end of the file, then its results one at a time.
 * The checks are report-file.ts's, with its messages; a JSON report (one document) is not read
 * here but whole, by report-file.ts.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { DomainResult } from '../model/report.js';
import { sanitize } from '../text/sanitize.js';
import { isPlainObject, Malformed } from './fields.js';
import { BaselineError, oneLine, reportFromJson, type LoadedBaseline } from './load.js';
import { resultReader } from './validate.js';

export interface NdjsonReport {
  path: string;
  /** Its report line, read as a report with no results (`results` is empty). */
  head: LoadedBaseline;
  /** How many result lines the report line says there are (checked as they are read). */
  resultLines: number;
}

const ROLE = 'report';
const BLOCK = 64 * 1024;

/** The report line of an NDJSON report; null when `path` holds a JSON report (or no report), for the whole reader to handle. */
export async function ndjsonHead(path: string): Promise<NdjsonReport | null> {
  const name = `${ROLE} ${sanitize(path)}`;
  let first: string | null;
  let last: string;
  try {
    first = await firstLine(path);
    if (first === null || !isNdjsonLine(first)) return null;
    last = await lastLine(path);
  } catch (error) {
    // Missing, a directory, not readable: the whole reader says so in its words.
    if (isFileError(error)) return null;
    throw error;
  }
  const end = parse(last, name, 'its last line');
  if (!isPlainObject(end) || end.type !== 'report')
    throw new BaselineError(
      `${name} has no report line at its end: the run did not finish (killed or cut short?), or the file is no tlscheck ndjson report`,
    );
  const { type: _type, resultLines, ...document } = end;
  if (typeof resultLines !== 'number') throw new BaselineError(`${name}: its report line does not say how many result lines it has`);
  return { path, head: reportFromJson({ ...document, results: [] }, name), resultLines };
}

/** Each result of the report, validated, in file order; a malformed one or a wrong count throws a BaselineError naming the file. */
export async function* ndjsonResults(report: NdjsonReport): AsyncGenerator<DomainResult> {
  const name = `${ROLE} ${sanitize(report.path)}`;
  const asResult = resultReader(report.head.report.profile);
  let results = 0;
  let ended = false;
  let number = 0;
  for await (const text of readable(lines(report.path), name)) {
    number += 1;
    const line = number === 1 ? text.replace(/^\ufeff/, '') : text;
    if (line.trim() === '') continue;
    if (ended) throw new BaselineError(`${name}: line ${number} comes after the report line, which must be the last`);
    const value = parse(line, name, `line ${number}`);
    if (isPlainObject(value) && value.type === 'report') {
      ended = true;
      continue;
    }
    try {
      yield asResult(value, results);
    } catch (error) {
      if (!(error instanceof Malformed)) throw error;
      throw new BaselineError(`${name}: line ${number} is a malformed result (${error.message})`);
    }
    results += 1;
  }
  if (results !== report.resultLines)
    throw new BaselineError(`${name} holds ${results} result lines, but its report line says ${report.resultLines}`);
}

function isFileError(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException | null)?.code === 'string';
}

/** The lines, with a file that stops being readable (gone between the two readings) as a BaselineError. */
async function* readable(source: AsyncIterable<string>, name: string): AsyncGenerator<string> {
  try {
    yield* source;
  } catch (error) {
    if (isFileError(error)) throw new BaselineError(`${name} cannot be read: ${oneLine((error as Error).message)}`);
    throw error;
  }
}

function parse(line: string, name: string, where: string): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw new BaselineError(
      `${name}: ${where} is not JSON (${oneLine((error as Error).message)}); write reports with --format json or ndjson`,
    );
  }
}

/** A first line that is a JSON value alone, and not a whole report on one line: NDJSON. */
function isNdjsonLine(line: string): boolean {
  try {
    const value: unknown = JSON.parse(line);
    return !(isPlainObject(value) && 'results' in value);
  } catch {
    return false; // the start of a JSON document written over many lines
  }
}

function lines(path: string): AsyncIterable<string> {
  return createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
}

async function firstLine(path: string): Promise<string | null> {
  for await (const line of lines(path)) {
    // The byte-order mark some editors write is not JSON, and no reason to refuse.
    const text = line.replace(/^\ufeff/, '');
    if (text.trim() !== '') return text;
  }
  return null;
}

/** The last non-blank line, read backwards a block at a time: the report line may be long, the results before it far longer. */
async function lastLine(path: string): Promise<string> {
  const file = await open(path, 'r');
  try {
    let end = (await file.stat()).size;
    let tail = Buffer.alloc(0);
    while (end > 0) {
      const start = Math.max(0, end - BLOCK);
      const block = Buffer.alloc(end - start);
      await file.read(block, 0, block.length, start);
      tail = Buffer.concat([block, tail]);
      end = start;
      const text = tail.toString('utf8').trimEnd();
      const newline = text.lastIndexOf('\n');
      if (newline !== -1) return text.slice(newline + 1);
    }
    return tail
      .toString('utf8')
      .trim()
      .replace(/^\ufeff/, '');
  } finally {
    await file.close();
  }
}
