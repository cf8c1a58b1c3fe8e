/**
 * The report files given to `tlscheck merge`: paths, or glob patterns we expand ourselves (`*`,
 * `?` and `[...]` in any part of the path; no `**`), so `'shards/*.json'` in quotes works where
 * no shell expands it (a Kubernetes manifest's args, a Windows prompt). A path that exists as
 * written is taken as it is, even with a `*` in its name.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sanitize } from '../text/sanitize.js';
import { UsageError } from './options.js';

const WILDCARD = /[*?[]/;

export function expandReportPaths(patterns: readonly string[]): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  for (const pattern of patterns) {
    const matches = existsSync(pattern) || !WILDCARD.test(pattern) ? [pattern] : expand(pattern);
    if (matches.length === 0) throw new UsageError(`merge: no file matches ${sanitize(pattern)}`);
    for (const file of matches) {
      // The same file named twice (a pattern and a path) is one report, not a duplicate shard.
      const key = resolve(file);
      if (seen.has(key)) continue;
      seen.add(key);
      files.push(file);
    }
  }
  return files;
}

function expand(pattern: string): string[] {
  const absolute = pattern.startsWith('/');
  const parts = pattern.split('/').filter((part) => part !== '');
  let bases = [absolute ? '/' : ''];
  for (const [index, part] of parts.entries()) {
    const last = index === parts.length - 1;
    const next: string[] = [];
    for (const base of bases) {
      if (!WILDCARD.test(part)) {
        next.push(base === '' ? part : join(base, part));
        continue;
      }
      const matcher = globPart(part);
      for (const name of listDir(base === '' ? '.' : base).sort()) {
        // Like a shell: a wildcard does not match a leading dot.
        if (name.startsWith('.') && !part.startsWith('.')) continue;
        if (matcher.test(name)) next.push(base === '' ? name : join(base, name));
      }
    }
    bases = last ? next.filter(isFile) : next.filter(isDirectory);
  }
  return bases;
}

function globPart(part: string): RegExp {
  let source = '';
  for (let i = 0; i < part.length; i += 1) {
    const ch = part[i]!;
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '[') {
      const close = part.indexOf(']', i + 2);
      if (close === -1) source += '\\[';
      else {
        const body = part
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        source += `[${body}]`;
        i = close;
      }
    } else source += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function listDir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
