/**
 * Escaping for the HTML report. Every string from a server, the input or a baseline file is
 * untrusted: it is first sanitised (control characters, escape sequences and bidi overrides made
 * visible, long text cut; src/text/sanitize.ts) and then escaped here. One escape serves text and
 * double-quoted attribute values alike (HTML 5 §13.1.2.3: `&`, `<` and the quote are what end or
 * open something there; `>` and `'` are escaped too, so a value is safe in any context we use).
 * Script data is JSON with every `<`, `>` and `&` written as a \u escape, so no `</script>` or
 * `<!--` can appear inside the data block (HTML 5 §4.12.1.3, "restrictions for contents of script
 * elements"), and U+2028/U+2029 are escaped for older JavaScript parsers.
 */
import { MAX_DISPLAY_CHARS, sanitize } from '../text/sanitize.js';

const SPECIAL: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text we wrote (or already sanitised) -> HTML text or a double-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => SPECIAL[char]!);
}

/** Untrusted text -> HTML: sanitised (and cut at `max` characters), then escaped. */
export function untrusted(text: string, max = MAX_DISPLAY_CHARS): string {
  return escapeHtml(sanitize(text, max));
}

/** A value -> JSON that is safe as the whole content of a `<script type="application/json">`. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Untrusted text as code (host names, banners, certificate names): `<code>` around `untrusted`. */
export function code(text: string, max = MAX_DISPLAY_CHARS): string {
  return `<code>${untrusted(text, max)}</code>`;
}
