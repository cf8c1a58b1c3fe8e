/**
 * The MTA-STS policy file (RFC 8461 §3.2): "key: value" lines ended by LF or CRLF. `version`,
 * `mode` and `max_age` once each, `mx` once or more (every mode but none), other keys are
 * extensions and ignored. Keys and the fixed values are case-sensitive (%s in the ABNF). Pure and
 * total: any text in, a policy or the list of what is wrong with it out.
 */
import { MTA_STS_MODES, type MtaStsMode } from '../model/policy.js';
import { isValidMxPattern } from './mx-pattern.js';

export interface StsPolicyFile {
  mode: MtaStsMode;
  mx: string[];
  maxAge: number;
}

export type PolicyFileParse = { ok: true; policy: StsPolicyFile } | { ok: false; problems: string[] };

/** RFC 8461 §3.2: max_age is at most 31557600 seconds (about a year). */
export const MAX_AGE_LIMIT = 31_557_600;

const EXTENSION_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
const SINGLE_KEYS = ['version', 'mode', 'max_age'] as const;

/** The fields of the file in order, or a problem per line that is not "key: value". */
function fieldsOf(text: string): { fields: [string, string][]; problems: string[] } {
  const fields: [string, string][] = [];
  const problems: string[] = [];
  // The last line may lack its terminator; an empty last "line" after one is no field.
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, i) => {
    const colon = line.indexOf(':');
    const key = colon === -1 ? '' : line.slice(0, colon);
    if (colon === -1 || !EXTENSION_NAME.test(key)) {
      problems.push(`line ${i + 1} is not "key: value"`);
      return;
    }
    // sts-policy-field-delim is ":" *WSP; trailing *WSP after the value belongs to the record.
    fields.push([key, line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '')]);
  });
  return { fields, problems };
}

export function parsePolicyFile(text: string): PolicyFileParse {
  const { fields, problems } = fieldsOf(text);
  const single = new Map<string, string>();
  const mx: string[] = [];
  for (const [key, value] of fields) {
    if (key === 'mx') {
      if (isValidMxPattern(value)) mx.push(value.toLowerCase());
      else problems.push(`mx "${value}" is not a host name or *.host name`);
    } else if ((SINGLE_KEYS as readonly string[]).includes(key)) {
      if (single.has(key)) problems.push(`${key} appears more than once`);
      else single.set(key, value);
    }
  }
  const version = single.get('version');
  if (version === undefined) problems.push('no version field');
  else if (version !== 'STSv1') problems.push(`version is "${version}", not STSv1`);
  const mode = single.get('mode');
  const knownMode = (MTA_STS_MODES as readonly string[]).includes(mode ?? '');
  if (mode === undefined) problems.push('no mode field');
  else if (!knownMode) problems.push(`mode "${mode}" is not enforce, testing or none`);
  const maxAge = maxAgeOf(single.get('max_age'), problems);
  if (knownMode && mode !== 'none' && mx.length === 0 && !problems.some((p) => p.startsWith('mx '))) {
    problems.push(`mode ${mode} without any mx field`);
  }
  if (problems.length > 0 || !knownMode || maxAge === null) return { ok: false, problems };
  return { ok: true, policy: { mode: mode as MtaStsMode, mx, maxAge } };
}

function maxAgeOf(value: string | undefined, problems: string[]): number | null {
  if (value === undefined) {
    problems.push('no max_age field');
    return null;
  }
  // 1*10DIGIT
  if (!/^[0-9]{1,10}$/.test(value)) {
    problems.push(`max_age "${value}" is not a number of seconds`);
    return null;
  }
  const seconds = Number(value);
  if (seconds > MAX_AGE_LIMIT) {
    problems.push(`max_age ${seconds} is above the limit of ${MAX_AGE_LIMIT} seconds`);
    return null;
  }
  return seconds;
}
