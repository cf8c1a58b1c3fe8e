/**
 * What the first bytes of an input say about it, before we read it as text: UTF-8 (with or
 * without a BOM), UTF-16 with a BOM (what spreadsheet programs write as "Unicode text"), or
 * something that is not text at all (an image, a zip, an .xlsx workbook). A text file with a stray
 * NUL byte or some invalid UTF-8 in one line is still text: that line is reported, the rest read.
 */

/** How many bytes are looked at. */
export const SNIFF_BYTES = 8192;

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';
export type Sniffed = { kind: 'text'; encoding: TextEncoding } | { kind: 'binary' };

/** More than this share of suspicious characters (invalid UTF-8, NUL and other control characters) is "binary". */
const BINARY_SHARE = 0.25;

export function sniff(head: Uint8Array): Sniffed {
  // A UTF-16 BOM comes first and explains the NUL bytes of ASCII text in UTF-16.
  if (head[0] === 0xff && head[1] === 0xfe) return { kind: 'text', encoding: 'utf-16le' };
  if (head[0] === 0xfe && head[1] === 0xff) return { kind: 'text', encoding: 'utf-16be' };
  // stream: true leaves a multi-byte sequence cut at the end of the sample undecoded, not invalid.
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head, { stream: true });
  let suspicious = 0;
  let total = 0;
  for (const ch of text) {
    total += 1;
    if (ch === '\ufffd' || /[\x00-\x08\x0e-\x1f\x7f]/.test(ch)) suspicious += 1;
  }
  return total > 0 && suspicious / total > BINARY_SHARE ? { kind: 'binary' } : { kind: 'text', encoding: 'utf-8' };
}

/** Spreadsheet formats people pass instead of their CSV export (for a hint in the error). */
export function isSpreadsheetName(name: string): boolean {
  return /\.(xlsx|xlsm|xls|ods|numbers)$/i.test(name);
}
