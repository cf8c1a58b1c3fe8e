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
  const value = view ? { ...report, results: view.results, listing: view.listing } : report;
  return `${safeJson(value, 2)}\n`;
}
