/**
 * What the HTML report states under "How this report was made": the version that ran and the
 * options that change verdicts (where DNS answers come from, what is trusted, where and how long
 * the probe waits, what the Email Log Files add), with their defaults in words.
 */
import type { RunFacts, RunOption } from '../model/run-facts.js';
import type { CliOptions } from './options.js';
import { packageVersion } from './program.js';

export function runFacts(options: CliOptions, where: 'network' | 'demo' = 'network'): RunFacts {
  const demo = where === 'demo';
  const list = (values: readonly string[], otherwise: string) => (values.length > 0 ? values.join(', ') : otherwise);
  const facts: RunOption[] = [
    {
      flag: '--resolver',
      value: demo ? "the demo world's DNS server on loopback" : list(options.resolver, 'the nameservers of /etc/resolv.conf (default)'),
    },
    {
      flag: '--ca-file',
      value: demo
        ? "the demo world's test root CA, added to Node's public roots"
        : list(options.caFile, "none: Node's bundled public roots only (default)"),
    },
    { flag: '--port', value: demo ? "the demo world's SMTP port" : String(options.port) },
    { flag: 'address families', value: options.ipv4Only ? 'IPv4 only (-4)' : options.ipv6Only ? 'IPv6 only (-6)' : 'IPv4 and IPv6' },
    { flag: '--helo', value: options.helo ?? "this host's name if fully qualified, else tlscheck.invalid (default)" },
    {
      flag: 'deadlines',
      value: demo
        ? "the demo's short ones"
        : `--timeout ${options.timeout} ms per phase, --host-timeout ${options.hostTimeout} ms per address, --dns-timeout ${options.dnsTimeout} ms per DNS attempt`,
    },
    {
      flag: '--retries',
      value: demo ? "the demo world's" : `${options.retries} (after a 421 or a refused connection, from ${options.retryDelay} ms)`,
    },
    { flag: '--warn-days', value: `${options.warnDays}` },
  ];
  if (options.emailLog.length > 0) facts.push({ flag: '--email-log', value: options.emailLog.join(', ') });
  if (!options.probe) facts.push({ flag: '--no-probe', value: 'no DNS query and no connection: the Email Log Files alone' });
  return { toolVersion: packageVersion(), options: facts };
}
