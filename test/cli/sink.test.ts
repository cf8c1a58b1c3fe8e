/** Where the report goes: the --output file or stdout, and the UTF-8 BOM that only files get. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, describe, test } from 'node:test';
import type { Io } from '../../src/cli/io.js';
import { openSink } from '../../src/cli/sink.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function fakeIo(): { io: Io; stdout: () => string } {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const io: Io = { stdin: new PassThrough(), stdout: out, stderr: new PassThrough(), env: {} };
  return { io, stdout: () => Buffer.concat(chunks).toString('utf8') };
}

describe('openSink', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tlscheck-sink-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a file asked for a BOM starts with EF BB BF, then the text in UTF-8', async () => {
    const path = join(dir, 'bom.csv');
    const sink = await openSink(path, fakeIo().io, { byteOrderMark: true });
    sink.write('input\r\nJürgen\r\n');
    await sink.close();
    const bytes = readFileSync(path);
    assert.deepEqual(bytes.subarray(0, 3), BOM);
    assert.equal(bytes.subarray(3).toString('utf8'), 'input\r\nJürgen\r\n');
  });

  test('a file not asked for one has none', async () => {
    const path = join(dir, 'plain.json');
    const sink = await openSink(path, fakeIo().io, { byteOrderMark: false });
    sink.write('{}\n');
    await sink.close();
    assert.equal(readFileSync(path, 'utf8'), '{}\n');
  });

  test('stdout never gets a BOM (it would end up inside a pipeline)', async () => {
    const { io, stdout } = fakeIo();
    const sink = await openSink(null, io, { byteOrderMark: true });
    sink.write('input\r\n');
    await sink.close();
    assert.equal(stdout(), 'input\r\n');
  });
});
