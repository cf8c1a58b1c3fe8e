/**
 * Read a report file back in either form tlscheck writes: `--format json` (one document) or
 * `--format ndjson` (a result per line, then the report line with the run-level fields). Used by
 * `tlscheck merge` for the shards' reports; the same defensive reader as for a baseline.
 */
import { sanitize } from '../text/sanitize.js';
import { isPlainObject } from './fields.js';
import { BaselineError, oneLine, readText, reportFromJson, type LoadedBaseline } from './load.js';

const ROLE = 'report';

export function loadReportFile(path: string): LoadedBaseline {
  return parseReportFile(readText(path, ROLE), path);
}

export function parseReportFile(text: string, path: string): LoadedBaseline {
  const body = text.replace(/^\ufeff/, '');
  const whole = jsonDocument(body);
  // A JSON report is one document with `results`; an NDJSON one is several documents, or only its report line.
  if (isPlainObject(whole) && 'results' in whole) return reportFromJson(whole, `${ROLE} ${sanitize(path)}`);
  return parseNdjson(body, path);
}

function jsonDocument(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseNdjson(text: string, path: string): LoadedBaseline {
  const name = `${ROLE} ${sanitize(path)}`;
  const results: unknown[] = [];
  let end: Record<string, unknown> | null = null;
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    if (end) throw new BaselineError(`${name}: line ${index + 1} comes after the report line, which must be the last`);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new BaselineError(
        `${name}: line ${index + 1} is not JSON (${oneLine((error as Error).message)}); write reports with --format json or ndjson`,
      );
    }
    if (isPlainObject(value) && value.type === 'report') end = value;
    else results.push(value);
  }
  if (!end)
    throw new BaselineError(
      `${name} has no report line at its end: the run did not finish (killed or cut short?), or the file is no tlscheck ndjson report`,
    );
  if (end.resultLines !== results.length)
    throw new BaselineError(
      `${name} holds ${results.length} result lines, but its report line says ${sanitize(String(end.resultLines), 20)}`,
    );
  const { type: _type, resultLines: _lines, ...document } = end;
  return reportFromJson({ ...document, results }, name);
}
