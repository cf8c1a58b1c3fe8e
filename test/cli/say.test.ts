/**
 * tlscheck's own lines on stderr (the gate's line, alerts, warnings, errors): broken at spaces to
 * a terminal's width, whole into a pipe or a log.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { say, type Io } from '../../src/cli/io.js';

function stderr(terminal: { columns: number } | null): { io: Io; text: () => string } {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        text += chunk.toString('utf8');
        done();
      },
    }),
    terminal ? { isTTY: true, columns: terminal.columns } : {},
  );
  return { io: { stdin: process.stdin, stdout: stream, stderr: stream, env: {} }, text: () => text };
}

const GATE = 'gate required-verify: FAIL, mail stops for 2 of 40 domains (wrongname.test, expired.test)';

test('at a 40-column terminal the line breaks at spaces, the rest indented under the text', () => {
  const { io, text } = stderr({ columns: 40 });
  say(io, GATE);
  const lines = text().trimEnd().split('\n');
  assert.ok(lines.length > 1);
  assert.ok(
    lines.every((line) => line.length <= 40),
    text(),
  );
  assert.ok(lines[0]!.startsWith('tlscheck: gate required-verify:'));
  assert.ok(lines.slice(1).every((line) => line.startsWith(' '.repeat(10)) && line[10] !== ' '));
  assert.equal(lines.map((line) => line.trim()).join(' '), `tlscheck: ${GATE}`, 'every word, in order');
});

test('into a pipe or a log: one line, whole, for grep', () => {
  const { io, text } = stderr(null);
  say(io, GATE);
  assert.equal(text(), `tlscheck: ${GATE}\n`);
});

test('a terminal wide enough: one line', () => {
  const { io, text } = stderr({ columns: 200 });
  say(io, GATE);
  assert.equal(text(), `tlscheck: ${GATE}\n`);
});
