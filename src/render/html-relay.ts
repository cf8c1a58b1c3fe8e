/**
 * The Email Relay in the HTML report (`tlscheck relay --format html`): the one-line answer to
 * "can the relay be set to X?", the five relay settings with their verdicts and reasons, how the
 * relay was resolved, the AUTH mechanisms before and after STARTTLS, and what each address showed.
 */
import { settingNamesOf, type RelayResult } from '../model/relay.js';
import { verdictUnder } from '../verdict/delivery.js';
import { escapeHtml, untrusted } from './html-escape.js';
import { verdictCell } from './html-domain-details.js';
import { hostBlock } from './html-host.js';
import { reasonsText } from './reason-text.js';
import { relayHeadline } from './relay-headline.js';

const MARK = { ok: '✔', warn: '!', bad: '✘', unknown: '?' } as const;

export function relaySection(relays: readonly RelayResult[]): string {
  return [
    '<section id="relay" aria-labelledby="relay-title">',
    '<h2 id="relay-title">The Email Relay</h2>',
    ...relays.map(relayBlock),
    '</section>',
  ].join('\n');
}

function relayBlock(relay: RelayResult): string {
  const headline = relayHeadline(relay);
  const mechanisms = (list: string[] | null) => (list === null ? 'not seen' : list.length ? untrusted(list.join(' ')) : 'none');
  const rows = settingNamesOf(relay).map((name) => {
    const verdict = verdictUnder(relay, name);
    const cell = verdictCell(verdict);
    return (
      `<tr><th scope="row">${name}</th><td class="${cell.tone}">${cell.text}</td>` +
      `<td>${verdict.via ? untrusted(verdict.via) : ''}</td><td>${escapeHtml(reasonsText(verdict.reasons))}</td></tr>`
    );
  });
  return [
    `<h3>${untrusted(relay.domain ?? relay.input)}:${relay.port}</h3>`,
    `<p class="lead ${headline.tone}">${MARK[headline.tone]} ${untrusted(headline.text, 2000)}</p>`,
    '<ul>',
    `<li>resolved via: ${escapeHtml(relay.resolvedVia ?? 'no address')}</li>`,
    `<li>AUTH before STARTTLS: ${mechanisms(relay.auth.before)}; after STARTTLS: ${mechanisms(relay.auth.after)}${relay.auth.required ? ' (--auth: PLAIN or LOGIN needed after STARTTLS)' : ''}</li>`,
    ...relay.warnings.map((warning) => `<li class="warn">! ${untrusted(warning.message)}</li>`),
    '</ul>',
    '<table class="relay-settings">',
    '<thead><tr><th scope="col">relay setting</th><th scope="col">verdict</th><th scope="col">via</th><th scope="col">why</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody>`,
    '</table>',
    ...relay.mx.map(hostBlock),
  ].join('\n');
}
