/**
 * Where the fixtures (test PKI, scenarios) live, found from this module's own location so it
 * works from dist/src/world/ in the repository and from an installed package alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

/** Absolute path of `fixtures/` in the package: the first ancestor with a package.json. */
export function fixturesDir(): string {
  if (cached !== null) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) {
      cached = join(dir, 'fixtures');
      return cached;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** Absolute path of a file of the test PKI, e.g. pkiPath('root.pem'). */
export function pkiPath(file: string): string {
  return join(fixturesDir(), 'pki', file);
}

/** Key and chain (leaf first) of a leaf id of the test PKI; throws (our bug) when absent. */
export function loadLeaf(id: string): { key: string; chain: string } {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new Error(`bad certificate id ${JSON.stringify(id)}`);
  return {
    key: readFileSync(pkiPath(`${id}.key.pem`), 'utf8'),
    chain: readFileSync(pkiPath(`${id}.chain.pem`), 'utf8'),
  };
}
