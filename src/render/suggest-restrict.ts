/**
 * `--suggest-restrict`: the list to paste into "Restrict TLS to these domains" (one line, for
 * stdout), and what the admin should know about it (lines for stderr). The suggestion itself is
 * decided in src/verdict/suggest-restrict.ts; here it only becomes words.
 */
import type { SettingName } from '../model/settings.js';
import { sanitize } from '../text/sanitize.js';
import { formatCount, plural } from '../text/words.js';
import type { RestrictSuggestion } from '../verdict/suggest-restrict.js';

/** Names shown in a note before "…". */
const NAMES_SHOWN = 5;

/** The list as the platform takes it: comma-separated, no spaces, one line. Empty when nothing is safe. */
export function renderRestrictList(suggestion: RestrictSuggestion): string {
  return `${suggestion.entries.join(',')}\n`;
}

/** One line each, without the "tlscheck: " prefix. */
export function restrictListNotes(suggestion: RestrictSuggestion, otherwise: SettingName): string[] {
  const { setting } = suggestion;
  const notes: string[] = [];
  if (suggestion.entries.length === 0) {
    notes.push(
      `suggest-restrict ${setting}: no checked domain would be delivered under ${setting}, so the list is empty. ` +
        `Do not paste an empty list: an empty "Restrict TLS to these domains" applies ${setting} to all mail.`,
    );
  } else {
    const wildcards = suggestion.wildcards.length > 0 ? ` (${plural(suggestion.wildcards.length, 'wildcard')})` : '';
    notes.push(
      `suggest-restrict ${setting}: ${formatCount(suggestion.entries.length)} ${suggestion.entries.length === 1 ? 'entry' : 'entries'}${wildcards} for the ` +
        `${plural(suggestion.safe.length, 'checked domain')} delivered under ${setting}; listed domains get ${setting}, all others ${otherwise}.`,
    );
  }
  const left: string[] = [];
  if (suggestion.notDelivered.length > 0)
    left.push(`${formatCount(suggestion.notDelivered.length)} not delivered (${names(suggestion.notDelivered)})`);
  if (suggestion.undetermined.length > 0)
    left.push(`${formatCount(suggestion.undetermined.length)} undetermined (${names(suggestion.undetermined)})`);
  if (suggestion.notDomains > 0)
    left.push(`${plural(suggestion.notDomains, 'input')} that ${suggestion.notDomains === 1 ? 'is' : 'are'} not a domain`);
  if (left.length > 0) notes.push(`not listed: ${left.join('; ')}.`);
  if (suggestion.wildcards.length > 0)
    notes.push(`a wildcard also covers subdomains that were not checked: ${names(suggestion.wildcards)}.`);
  return notes;
}

function names(list: readonly string[]): string {
  const shown = list.slice(0, NAMES_SHOWN).map((name) => sanitize(name, 80));
  return list.length > NAMES_SHOWN ? `${shown.join(', ')}, …` : shown.join(', ');
}
