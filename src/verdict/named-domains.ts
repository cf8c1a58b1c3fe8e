/**
 * A group of domains the gate's line speaks of ("mail stops for 3 of 27 domains (acme.com, ...)"):
 * how many, and the first few names in input order. Kept as a count and a handful of names, not
 * a list, so a streamed run of 100,000 domains that all fail holds five names, not 100,000.
 */

/** Names shown in the gate's line; the rest are counted. */
export const NAMED_DOMAINS = 5;

export interface NamedDomains {
  count: number;
  /** The first NAMED_DOMAINS of them (or fewer) in input order. */
  first: string[];
}

/**
 * Builds a NamedDomains from domains arriving in any order (completion order): keeps the
 * NAMED_DOMAINS with the lowest input positions.
 */
export class NamedDomainsTally {
  private count = 0;
  /** [position, name], ascending by position, at most NAMED_DOMAINS. */
  private readonly first: [number, string][] = [];

  add(position: number, name: string): void {
    this.count += 1;
    const last = this.first[this.first.length - 1];
    if (this.first.length >= NAMED_DOMAINS && last !== undefined && last[0] <= position) return;
    const at = this.first.findIndex(([p]) => p > position);
    this.first.splice(at === -1 ? this.first.length : at, 0, [position, name]);
    if (this.first.length > NAMED_DOMAINS) this.first.pop();
  }

  result(): NamedDomains {
    return { count: this.count, first: this.first.map(([, name]) => name) };
  }
}
