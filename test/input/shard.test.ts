import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { TargetCollector } from '../../src/input/collector.js';
import { inputFingerprint, shardOf, takeShard } from '../../src/input/shard.js';

/** Targets as the collector makes them from list lines. */
function targetsOf(lines: string[]) {
  const collector = new TargetCollector();
  lines.forEach((line, i) => collector.add(line, 'line', `list.txt:${i + 1}`));
  return collector.targets();
}

test("a domain's shard is a fixed function of its name: case and a trailing dot do not matter, the hash is SHA-256", () => {
  // Pinned: changing the split would make shards of one run disagree between tlscheck versions.
  assert.deepEqual(
    ['acme.com', 'example.org', 'valid.test', 'xn--bcher-kva.example'].map((name) => shardOf(name, 7)),
    [6, 2, 2, 4], // python3: int(sha256(name).hexdigest()[:12], 16) % 7 + 1
  );
  assert.equal(shardOf('ACME.com.', 7), shardOf('acme.com', 7));
  assert.equal(shardOf(null, 7), 1, 'entries that name no domain go to shard 1');
  assert.equal(shardOf('acme.com', 1), 1);
});

test('every target is in exactly one shard, whatever the order of the input; positions are kept', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom('a.test', 'B.test', 'x@a.test', 'c.test', 'not a domain', 'd.example', 'e.example', 'bad'), {
        maxLength: 40,
      }),
      fc.integer({ min: 1, max: 9 }),
      (lines, count) => {
        const targets = targetsOf(lines);
        const shares = Array.from({ length: count }, (_, i) => takeShard(targets, { index: i + 1, count }));
        const all = shares.flatMap((share) => share.targets);
        assert.equal(all.length, targets.length);
        assert.deepEqual(new Set(all), new Set(targets));
        for (const share of shares) {
          assert.equal(share.total, targets.length);
          assert.deepEqual(
            share.targets.map((t) => t.position),
            [...share.targets.map((t) => t.position)].sort((a, b) => a - b),
          );
        }
        // The same domains, read in another order, land in the same shards.
        const reversed = targetsOf([...lines].reverse());
        for (const target of reversed) {
          const home = shares.findIndex((share) => share.targets.some((t) => (t.domain ?? t.input) === (target.domain ?? target.input)));
          assert.equal(home + 1, shardOf(target.domain, count));
        }
      },
    ),
  );
});

test('the shards of a large input are about even', () => {
  const targets = targetsOf(Array.from({ length: 4000 }, (_, i) => `domain${i}.example`));
  const sizes = [1, 2, 3, 4].map((index) => takeShard(targets, { index, count: 4 }).targets.length);
  for (const size of sizes) assert.ok(size > 850 && size < 1150, String(sizes));
});

test('the input fingerprint changes with the entries, their counts and their order', () => {
  const base = inputFingerprint(targetsOf(['a.test', 'b.test']));
  assert.equal(inputFingerprint(targetsOf(['a.test', 'b.test'])), base);
  assert.notEqual(inputFingerprint(targetsOf(['b.test', 'a.test'])), base);
  assert.notEqual(inputFingerprint(targetsOf(['a.test', 'b.test', 'a.test'])), base);
  assert.notEqual(inputFingerprint(targetsOf(['a.test', 'b.test', 'oops'])), base);
});
