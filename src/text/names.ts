/** Names compared as DNS compares them: case-insensitively, with or without the root dot. */
export function canonicalDomain(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}
