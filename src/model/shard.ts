/**
 * Large runs split over the machines of a job engine (a GitHub Actions matrix, a Kubernetes
 * Indexed Job, an AWS Batch array job): each machine checks one shard of the targets, and
 * `tlscheck merge` puts the shards' reports back together. See README "Large runs".
 */

/** `--shard <index>/<count>`: 1-based, as people count shards (engines count from 0; the CLI maps). */
export interface ShardSpec {
  index: number;
  count: number;
}

/** The options that change verdicts: the shards of one run must agree on every one of them. */
export interface RunProfile {
  /** --port. */
  port: number;
  /** Address families probed (-4, -6), ascending. */
  families: Array<4 | 6>;
  /** --timeout, --host-timeout, --dns-timeout (a shorter deadline can make a slow server undetermined). */
  timeouts: { phaseMs: number; hostMs: number; dnsQueryMs: number };
  /** --warn-days. */
  warnDays: number;
  /** false with --no-probe. */
  probing: boolean;
  /** --show-addresses (the `input` of each result). */
  showAddresses: boolean;
  /** Hex SHA-256 of the trust anchors: Node's bundled roots and --ca-file (another Node.js version may bundle others). */
  trustAnchors: string;
  /** --profile, with --min-tls and --tls-domain when given: "microsoft365 --tls-domain contoso.com". */
  sender: string;
}

/** In the report of one shard: which one, and what the merge checks the shards against each other with. */
export interface ShardInfo extends ShardSpec {
  /** Targets of the whole input before the split (every shard reads the whole input). */
  targets: number;
  /** Hex SHA-256 of the whole input's targets in order: the shards of one run read the same input. */
  input: string;
  profile: RunProfile;
}

/** In a report made by `tlscheck merge`. */
export interface MergeInfo {
  /** Shards the run was split into. */
  count: number;
  /** The shards merged, ascending. */
  shards: number[];
  /** Shards not given (accepted with --allow-partial); empty when complete. */
  missing: number[];
  /** Targets not checked: those of the missing shards and of interrupted ones (--allow-partial); 0 when complete. */
  notChecked: number;
  /** Targets of the whole input. */
  targets: number;
  profile: RunProfile;
}
