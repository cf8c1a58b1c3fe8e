/**
 * Contact addresses stay out of reports unless asked for (--show-addresses): reports go into pull
 * requests, CI artefacts and tickets, and a contacts export is personal data. What a report needs
 * is the domain; `sources` (file:line) still says where each entry came from.
 */

/** The entry as a report shows it: the domain when it has one, else the text with any mailbox part cut. */
export function redactedInput(input: string, domain: string | null): string {
  if (domain !== null) return domain;
  const at = input.lastIndexOf('@');
  if (at === -1) return input;
  // "carol@@bad", "Jane <jane@x y>": keep what follows the last @, which is what was looked at.
  return `…@${input.slice(at + 1).replace(/[>\s]+$/, '')}`;
}
