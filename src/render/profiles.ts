/**
 * `tlscheck profiles`: every sender profile, each setting with what it demands and where the row
 * comes from. Built from the same rows the verdict reads, so it cannot drift from them.
 */
import type { Profile, SettingRule, Verification } from '../model/settings.js';
import { wrapWords, type Width } from './layout.js';

const VERSION: Record<SettingRule['minTls'], string> = { TLSv1: '1.0', 'TLSv1.1': '1.1', 'TLSv1.2': '1.2', 'TLSv1.3': '1.3' };

const ON_FAILURE: Record<SettingRule['onFailure'], string> = {
  plaintext: 'sent in plaintext',
  'next-mx': 'tries the next MX host',
  'defer-then-bounce': 'deferred and retried, then bounced',
  bounce: 'bounced',
  drop: 'dropped',
};

/** `width`: a terminal's, to wrap the long lines at spaces; null (piped) keeps them whole. */
export function renderProfiles(profiles: readonly Profile[], defaultName: string, width: Width = null): string {
  const lines = profiles
    .map((profile) => renderProfile(profile, profile.name === defaultName))
    .join('\n\n')
    .split('\n');
  // Each line wraps under its own text, two further in than its indent.
  const wrap = (line: string): string => {
    const indent = ' '.repeat(line.length - line.trimStart().length);
    const text = wrapWords(line.trimStart(), width === null ? null : width - indent.length, 2);
    return text.replace(/^/gm, indent);
  };
  return `${lines.map(wrap).join('\n')}\n`;
}

function renderProfile(profile: Profile, isDefault: boolean): string {
  const head = `${profile.name}${isDefault ? ' (default)' : ''}: ${profile.title}`;
  const limit = profile.maxAddresses === null ? [] : [`  tries at most ${profile.maxAddresses} addresses per message`];
  const settings = profile.settings.flatMap((rule) => [
    `  ${rule.name}: ${rule.summary}`,
    `      TLS ${rule.startTls ? `${VERSION[rule.minTls]}+` : 'never'}; ${verificationWords(rule.verify)}; ` +
      `when not met: ${rule.withoutTls === 'plaintext' && rule.verify === null ? ON_FAILURE.plaintext : ON_FAILURE[rule.onFailure]}` +
      `${policyWords(rule)}`,
    ...(rule.note === null ? [] : [`      note: ${rule.note}`]),
    `      source: ${rule.source}`,
  ]);
  return [head, ...limit, ...settings].join('\n');
}

function verificationWords(verify: Verification | null): string {
  if (verify === null) return 'any certificate';
  const names = verify.names.length === 0 ? 'any name' : `a name matching ${verify.names.join(' or ')}`;
  return `${verify.trust ? 'a trusted chain' : 'any chain'}, ${names}${verify.wildcard === 'many-labels' ? ' (* spans labels)' : ''}`;
}

function policyWords(rule: SettingRule): string {
  const honoured = [
    rule.mtaSts ? 'MTA-STS (enforce)' : null,
    rule.dane === 'no' ? null : rule.dane === 'mandatory' ? 'DANE (required)' : 'DANE',
  ]
    .filter((part) => part !== null)
    .join(' and ');
  return honoured === '' ? '' : `; honours ${honoured}`;
}
