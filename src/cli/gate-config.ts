/** The CI gate from --require, --restrict and --allow-undetermined. */
import type { GateConfig } from '../model/report.js';
import { parseRestrictList } from '../verdict/restrict.js';
import { UsageError, type CliOptions } from './options.js';

export function gateConfig(options: CliOptions): GateConfig | null {
  if (!options.require) {
    if (options.restrict) throw new UsageError('--restrict goes with --require <setting>');
    return null;
  }
  let restrict: string[] | null = null;
  if (options.restrict !== null) {
    const parsed = parseRestrictList(options.restrict);
    if (!parsed.ok) throw new UsageError(parsed.message);
    restrict = parsed.patterns;
  }
  return { setting: options.require, restrict, allowUndetermined: options.allowUndetermined };
}
