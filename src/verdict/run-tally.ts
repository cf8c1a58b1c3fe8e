/**
 * What a run says about itself, built one result at a time: how many domains were checked, how
 * many are delivered under each setting, the gate's decision and whether port 25 looks blocked.
 * A streamed run (ndjson, csv) feeds it each result as it completes and then drops the result, so
 * its memory does not grow with the number of domains; a run that keeps its results feeds it too.
 * The gate (GateTally) and the port note (PortTally) are the very accumulators evaluateGate and
 * blockedPortNote fold, so both kinds of run decide the same way.
 */
import type { DomainResult, GateConfig } from '../model/report.js';
import type { SettingName } from '../model/settings.js';
import { count, verdictUnder, type SettingTally } from './delivery.js';
import { GateTally, type GateResult } from './gate.js';
import { PortTally } from './run-notes.js';

export class RunTally {
  /** Results added. */
  checked = 0;
  /** Per setting, how many results are delivered, not delivered, undetermined. */
  readonly settings: Record<SettingName, SettingTally>;
  private readonly gateTally: GateTally | null;
  private readonly port = new PortTally();

  /** `settings`: the profile's setting names (a result's other settings, a relay's `off`, are not counted). */
  constructor(
    gate: Pick<GateConfig, 'setting' | 'failOnNoMail'> | null,
    private readonly names: readonly SettingName[],
  ) {
    this.gateTally = gate ? new GateTally(gate) : null;
    this.settings = Object.fromEntries(names.map((name) => [name, { delivered: 0, notDelivered: 0, undetermined: 0 }]));
  }

  add(result: DomainResult): void {
    this.checked += 1;
    for (const name of this.names) count(this.settings[name]!, verdictUnder(result, name));
    this.gateTally?.add(result);
    this.port.add(result);
  }

  /** The gate's evaluation so far; null without a gate. */
  gate(): GateResult | null {
    return this.gateTally?.result() ?? null;
  }

  /** "Outbound port N seems blocked", or null. */
  blockedPortNote(port: number): string | null {
    return this.port.note(port);
  }
}
