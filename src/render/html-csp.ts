/**
 * The page's Content-Security-Policy, in a `<meta http-equiv>` (a file opened from disk or a mail
 * attachment has no HTTP headers). Nothing may load from anywhere (`default-src 'none'`); the one
 * script and the one stylesheet run because their SHA-256 hashes are listed (CSP 3 §8.3), so a
 * `<script>` or `style` attribute that got in by mistake would still not run, and inline event
 * handlers never do (no 'unsafe-inline', no 'unsafe-hashes'). No base URL, no form target.
 */
import { createHash } from 'node:crypto';

/** CSP's hash source for an inline element's exact text. */
export function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

export function contentSecurityPolicy(script: string, style: string): string {
  return [
    "default-src 'none'",
    `script-src ${hashSource(script)}`,
    `style-src ${hashSource(style)}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
