/**
 * Where the report goes: stdout, or the --output file (so the terminal keeps the progress
 * display). Each write is one call, so an interrupted ndjson file holds only whole lines.
 * A file may start with a UTF-8 BOM (spreadsheet formats: Excel reads a CSV without one in the
 * ANSI code page and garbles non-ASCII names); stdout never gets one, it would end up in a pipe.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Io } from './io.js';
import { UsageError } from './options.js';

export interface Sink {
  write(text: string): void;
  /** Writes the pieces in order, each after the stream has taken the previous ones (no pile-up in memory). */
  writeAll(pieces: Iterable<string>): Promise<void>;
  close(): Promise<void>;
  /** Whether the report goes to a terminal (colour is only for terminals). */
  isTerminal: boolean;
}

export interface SinkOptions {
  /** Start a file (never stdout) with U+FEFF. */
  byteOrderMark: boolean;
}

const BOM = '\ufeff';

export async function openSink(path: string | null, io: Io, options: SinkOptions = { byteOrderMark: false }): Promise<Sink> {
  if (path === null) {
    return {
      write: (text) => void io.stdout.write(text),
      writeAll: (pieces) => writeAll(io.stdout, pieces),
      close: () => new Promise((resolve) => io.stdout.write('', () => resolve())),
      isTerminal: io.stdout.isTTY === true,
    };
  }
  const file = createWriteStream(path, { flags: 'w' });
  try {
    await once(file, 'open');
  } catch (error) {
    throw new UsageError(`cannot write --output ${path}: ${(error as Error).message}`);
  }
  if (options.byteOrderMark) file.write(BOM);
  return {
    write: (text) => void file.write(text),
    writeAll: (pieces) => writeAll(file, pieces),
    close: () => new Promise((resolve, reject) => file.end((error?: Error | null) => (error ? reject(error) : resolve()))),
    isTerminal: false,
  };
}

async function writeAll(stream: NodeJS.WritableStream, pieces: Iterable<string>): Promise<void> {
  for (const piece of pieces) {
    if (!stream.write(piece)) await once(stream, 'drain');
  }
}
