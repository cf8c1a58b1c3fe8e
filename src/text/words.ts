/** Counting words, the same on every machine and locale so outputs compare byte for byte. */

/**
 * Made on first need only: an Intl formatter loads ICU's locale data, ~20 ms of a one-domain
 * run's start-up, and the counts (whole numbers) never need it.
 */
let intlFormat: Intl.NumberFormat | null = null;

/** en-US thousands separators whatever the machine's locale: "1,234". */
export function formatCount(count: number): string {
  if (!Number.isSafeInteger(count)) return (intlFormat ??= new Intl.NumberFormat('en-US')).format(count);
  // What Intl gives a whole number in en-US: a comma before every group of three digits.
  return String(count).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** "1 domain", "1,234 recipients". Nouns here take a plain "s". */
export function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/** "1 line has", "3 lines have". */
export function pluralHas(count: number, noun: string): string {
  return `${plural(count, noun)} ${count === 1 ? 'has' : 'have'}`;
}
