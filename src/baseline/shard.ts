/** Readers for the shard parts of a report read back (`shard`, `merged`): what `tlscheck merge` checks shards with. */
import type { MergeInfo, RunProfile, ShardInfo } from '../model/report.js';
import { asArray, asBoolean, asNumber, asOneOf, asRecord, asString, withDefault } from './fields.js';

const asProfile = asRecord<RunProfile>({
  port: asNumber,
  families: asArray(asOneOf([4, 6] as const, '4 or 6')),
  timeouts: asRecord<RunProfile['timeouts']>({ phaseMs: asNumber, hostMs: asNumber, dnsQueryMs: asNumber }),
  warnDays: asNumber,
  probing: asBoolean,
  showAddresses: asBoolean,
  trustAnchors: asString,
  // Added with sender profiles: shards written before are Salesforce's.
  sender: withDefault(asString, () => 'salesforce'),
});

export const asShardInfo = asRecord<ShardInfo>({
  index: asNumber,
  count: asNumber,
  targets: asNumber,
  input: asString,
  profile: asProfile,
});

export const asMergeInfo = asRecord<MergeInfo>({
  count: asNumber,
  shards: asArray(asNumber),
  missing: asArray(asNumber),
  notChecked: asNumber,
  targets: asNumber,
  profile: asProfile,
});
