/** Counting words, the same on every machine and locale so outputs compare byte for byte. */

const NUMBER = new Intl.NumberFormat('en-US');

/** en-US thousands separators whatever the machine's locale: "1,234". */
export function formatCount(count: number): string {
  return NUMBER.format(count);
}

/** "1 domain", "1,234 recipients". Nouns here take a plain "s". */
export function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/** "1 line has", "3 lines have". */
export function pluralHas(count: number, noun: string): string {
  return `${plural(count, noun)} ${count === 1 ? 'has' : 'have'}`;
}
