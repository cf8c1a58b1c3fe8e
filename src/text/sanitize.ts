/**
 * Server text is untrusted. Before it reaches a terminal, control characters (C0, C1, DEL),
 * escape sequences and bidirectional overrides are made visible as \xNN / \u{NNNN} escapes, and
 * very long strings are cut, so a banner cannot move the cursor, recolour or hide text.
 */

// C0, DEL, C1, bidi marks and overrides, line/paragraph separators, BOM, non-characters, and lone
// surrogates (the `u` flag makes a lone surrogate match as itself).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff\ud800-\udfff]/gu;

export const MAX_DISPLAY_CHARS = 200;

export function sanitize(text: string, max = MAX_DISPLAY_CHARS): string {
  const visible = text.replace(UNSAFE, (char) => {
    const code = char.codePointAt(0) ?? 0;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
  return visible.length > max ? `${visible.slice(0, max)}… (${visible.length - max} more)` : visible;
}
