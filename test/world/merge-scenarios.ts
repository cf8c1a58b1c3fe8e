/**
 * Several scenarios as one world, so one run (one resolver, one port) can mix them. Servers that
 * are the same in both (same name, same behaviour) are shared; a name that means different
 * servers is renamed in the later scenario. Identical records collapse; a domain named by two
 * scenarios must expect the same verdicts.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Scenario, ScenarioRecord, ScenarioServer } from '../../src/world/scenario.js';

export function mergeScenarios(name: string, scenarios: readonly Scenario[]): Scenario {
  const merged: Scenario = { name, servers: {}, dns: { records: [], servfail: [], silent: [], behaviours: {} }, domains: [] };
  for (const scenario of scenarios) {
    const renamed = addServers(merged.servers, scenario.servers, scenario.name);
    for (const record of scenario.dns.records) {
      const copy: ScenarioRecord = 'server' in record ? { ...record, server: renamed.get(record.server) ?? record.server } : record;
      if (!merged.dns.records.some((existing) => isDeepStrictEqual(existing, copy))) merged.dns.records.push(copy);
    }
    merged.dns.servfail?.push(...(scenario.dns.servfail ?? []));
    merged.dns.silent?.push(...(scenario.dns.silent ?? []));
    Object.assign(merged.dns.behaviours ?? {}, scenario.dns.behaviours ?? {});
    for (const domain of scenario.domains) {
      const existing = merged.domains.find((entry) => entry.domain === domain.domain);
      if (!existing) merged.domains.push(domain);
      else if (!isDeepStrictEqual(existing.expect, domain.expect))
        throw new Error(`${domain.domain}: ${scenario.name} expects other verdicts than an earlier scenario`);
    }
  }
  return merged;
}

/** Adds `servers` to `into`; returns the renames made (old name -> new name). */
function addServers(into: Record<string, ScenarioServer>, servers: Record<string, ScenarioServer>, prefix: string): Map<string, string> {
  const renamed = new Map<string, string>();
  for (const [serverName, server] of Object.entries(servers)) {
    const existing = into[serverName];
    if (existing === undefined) into[serverName] = server;
    else if (!isDeepStrictEqual(existing, server)) {
      const fresh = `${prefix}/${serverName}`;
      into[fresh] = server;
      renamed.set(serverName, fresh);
    }
  }
  return renamed;
}
