/**
 * JSON: the report model as is, with every character that could act on a terminal escaped. With
 * --only, `results` holds the listed domains and a top-level `listing` (after every field of the
 * model, present only then) says so: `{ only, setting, shown, total }`.
 */
import type { Report } from '../model/report.js';
import type { ListedResults } from '../verdict/only.js';

/**
 * JSON.stringify already escapes C0 controls; these it leaves raw. DEL and C1 (U+0080-U+009F, e.g.
 * U+009B CSI) can still act on a terminal that `cat`s the file, bidi overrides can reorder what
 * it shows, and U+2028/U+2029 break consumers that split lines the JavaScript way. Escaping them
 * as \uXXXX keeps the JSON value identical.
 */
const RAW_UNSAFE = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/gu;

export function safeJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    RAW_UNSAFE,
    (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}

export function renderJson(report: Report, view: ListedResults | null = null): string {
  return [...jsonPieces(report, view)].join('');
}

/** Stands for the results array in the skeleton of the document. */
const MARK = '\u0000results';
const RESULTS_MARK = `"results": ${JSON.stringify(MARK)}`;

/**
 * The same document in pieces: the part before the results, each result, the part after. Written
 * piece by piece, a report of 10,000 domains never exists as one string (with its copies, ~100 MB
 * of a run's peak memory). The bytes are exactly JSON.stringify's with indent 2: a result is an
 * element of `results` at depth 2, so each of its lines is indented by 4 more spaces.
 */
export function* jsonPieces(report: Report, view: ListedResults | null = null): Generator<string> {
  const value = view ? { ...report, results: view.results, listing: view.listing } : report;
  const results = value.results;
  if (results.length === 0) {
    yield `${safeJson(value, 2)}\n`;
    return;
  }
  const skeleton = safeJson({ ...value, results: MARK }, 2);
  // `results` is the third key: the first match is it (a server's text is escaped and comes later).
  const at = skeleton.indexOf(RESULTS_MARK);
  yield `${skeleton.slice(0, at)}"results": [\n`;
  const last = results.length - 1;
  for (let i = 0; i <= last; i += 1) {
    yield `    ${safeJson(results[i], 2).replaceAll('\n', '\n    ')}${i < last ? ',' : ''}\n`;
  }
  yield `  ]${skeleton.slice(at + RESULTS_MARK.length)}\n`;
}
