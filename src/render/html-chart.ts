/**
 * One bar per setting: the share of domains (or, with Email Log Files, of messages) delivered,
 * not delivered and undetermined, as inline SVG (no style attributes: the CSP allows none) with
 * the same figures in words beside it, so the picture is never the only way to read them.
 */
import type { DomainResult } from '../model/report.js';
import type { SettingName } from '../model/settings.js';
import { formatCount } from '../text/words.js';
import { deliveryOf, type Delivery, type SettingTally } from '../verdict/delivery.js';
import { messagesOf } from '../verdict/traffic.js';

const PARTS: readonly { key: keyof SettingTally; delivery: Delivery; mark: string; words: string }[] = [
  { key: 'delivered', delivery: 'delivered', mark: '✔', words: 'delivered' },
  { key: 'notDelivered', delivery: 'not-delivered', mark: '✘', words: 'not delivered' },
  { key: 'undetermined', delivery: 'undetermined', mark: '?', words: 'undetermined' },
];

/** The bar's length in SVG user units; segments are whole units that add up to it. */
const BAR_UNITS = 1000;

/** Messages the Email Log Files counted for the domains of each answer under `setting`. */
export function messageTally(results: readonly DomainResult[], setting: SettingName): SettingTally {
  const counts: SettingTally = { delivered: 0, notDelivered: 0, undetermined: 0 };
  for (const result of results) {
    const delivery = deliveryOf(result.settings[setting]);
    const key = PARTS.find((part) => part.delivery === delivery)!.key;
    counts[key] += messagesOf(result);
  }
  return counts;
}

/** A labelled bar: `unit` names what is counted ("domain", "message"). */
export function barChart(setting: SettingName, counts: SettingTally, unit: 'domains' | 'messages'): string {
  const total = counts.delivered + counts.notDelivered + counts.undetermined;
  const id = `bar-${setting}-${unit}`;
  const legend = PARTS.map(
    (part) =>
      `<span class="${part.delivery === 'delivered' ? 'ok' : part.delivery === 'not-delivered' ? 'bad' : 'unknown'}">${part.mark} <strong data-part="${part.delivery}">${formatCount(counts[part.key])}</strong> ${part.words}</span>`,
  ).join('');
  const label = `${setting}, ${unit}: ${PARTS.map((part) => `${formatCount(counts[part.key])} ${part.words}`).join(', ')} (of ${formatCount(total)})`;
  return [
    `<div class="chart" data-setting="${setting}" data-unit="${unit}">`,
    `<svg class="bar" viewBox="0 0 ${BAR_UNITS} 20" preserveAspectRatio="none" role="img" aria-labelledby="${id}">`,
    `<title id="${id}">${label}</title>`,
    ...segments(counts, total),
    '</svg>',
    `<p class="legend"><span class="muted">${unit === 'domains' ? 'Domains' : 'Messages in the Email Log Files'}:</span>${legend}<span class="muted">of ${formatCount(total)}</span></p>`,
    '</div>',
  ].join('\n');
}

/** Rectangles whose widths are proportional and add up to the bar (rounded at the running sum, so nothing drifts). */
function segments(counts: SettingTally, total: number): string[] {
  if (total === 0) return [];
  const rects: string[] = [];
  let sum = 0;
  let x = 0;
  for (const part of PARTS) {
    sum += counts[part.key];
    const end = Math.round((sum * BAR_UNITS) / total);
    if (end > x) rects.push(`<rect class="${part.delivery}" x="${x}" y="0" width="${end - x}" height="20"></rect>`);
    x = end;
  }
  return rects;
}
