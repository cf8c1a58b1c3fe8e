/** Helpers for the input tests: fixture paths, temporary files, an empty stdin, the InputError check. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../src/input/read-targets.js';
import type { Target } from '../../src/model/target.js';

/** dist/test/input/*.js -> <repo>/fixtures/inputs/<name> */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../../fixtures/inputs/${name}`, import.meta.url));
}

/** A directory under os.tmpdir(), removed by `cleanup`. */
export class TempDir {
  readonly path = mkdtempSync(join(tmpdir(), 'tlscheck-input-'));

  /** Writes a file (text as UTF-8, or raw bytes) and returns its path. */
  write(name: string, content: string | Uint8Array): string {
    const path = join(this.path, name);
    writeFileSync(path, content);
    return path;
  }

  cleanup(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

/** A stdin that holds `text` (nothing by default) and then ends. */
export function stdinOf(text: string | Uint8Array = ''): PassThrough {
  const stream = new PassThrough();
  stream.end(text);
  return stream;
}

/** The parts of a target most assertions compare. */
export function brief(t: Target): [string | null, number, string[]] {
  return [t.domain, t.recipients, t.sources];
}

/** Asserts an InputError with a one-line message matching `message`. */
export async function rejectsWith(promise: Promise<unknown>, message: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof InputError, `expected an InputError, got ${String(err)}`);
    assert.match(err.message, message);
    assert.doesNotMatch(err.message, /[\r\n]/);
    return true;
  });
}
