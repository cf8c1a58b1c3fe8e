/**
 * How a report was made, for the formats that say so (the HTML page's "How this report was
 * made"): the tool's version and the options that change verdicts. Not part of the JSON report
 * (schemaVersion 1 stays as it is); the CLI states it, the renderers only print it.
 */
export interface RunFacts {
  /** package.json's version of the tlscheck that ran. */
  toolVersion: string;
  /** The options that change verdicts, as given or their defaults, in the order of the option table. */
  options: RunOption[];
}

export interface RunOption {
  /** The option as typed, e.g. "--resolver". */
  flag: string;
  /** Its value in words, e.g. "127.0.0.1:5353" or "the nameservers of /etc/resolv.conf (default)". */
  value: string;
}
