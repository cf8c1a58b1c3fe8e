/** The options of a run that change verdicts, as recorded in a shard's report for `tlscheck merge` to compare. */
import { createHash } from 'node:crypto';
import type { RunProfile } from '../model/shard.js';
import type { RunContext } from './run-context.js';

export function runProfile(ctx: RunContext): RunProfile {
  const { phaseMs, hostMs, dnsQueryMs } = ctx.timeouts;
  return {
    port: ctx.port,
    families: [...ctx.families].sort(),
    timeouts: { phaseMs, hostMs, dnsQueryMs },
    warnDays: ctx.warnDays,
    probing: ctx.probing,
    showAddresses: ctx.showAddresses,
    trustAnchors: trustFingerprint(ctx),
    sender: senderOf(ctx),
  };
}

/** The sender profile and the options that change its verdicts, as one line. */
export function senderOf(ctx: Pick<RunContext, 'profile' | 'tlsDomain' | 'minTls'>): string {
  return [ctx.profile.name, ctx.minTls ? `--min-tls ${ctx.minTls}` : null, ctx.tlsDomain ? `--tls-domain ${ctx.tlsDomain}` : null]
    .filter((part) => part !== null)
    .join(' ');
}

/** Order-independent: the same anchors give the same digest however the store lists them. */
function trustFingerprint(ctx: RunContext): string {
  const hash = createHash('sha256');
  for (const pem of [...ctx.trust.anchorPems()].sort()) hash.update(pem.trim()).update('\n');
  return hash.digest('hex');
}
