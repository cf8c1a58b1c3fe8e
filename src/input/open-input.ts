/**
 * Opens one input (a file, or stdin for "-") as a stream of decoded text, after looking at its
 * first bytes: anything that cannot be read as text is refused here with a one-line InputError
 * naming the input, before a single entry is taken from it.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { sanitize } from '../text/sanitize.js';
import { InputError } from './input-error.js';
import { SNIFF_BYTES, isSpreadsheetName, sniff, type TextEncoding } from './sniff.js';

export interface OpenedInput {
  /** The name used in sources ("<path as given>" or "stdin"). */
  name: string;
  /** The text, decoded, without a byte order mark; a read error mid-way throws InputError. */
  text: AsyncIterable<string>;
  /**
   * The file itself (device and inode), the same whatever path names it; null for stdin. Two
   * paths to one file must not count its recipients twice.
   */
  identity: string | null;
  /** Stops reading early and releases the file (safe to call after the end, and twice). */
  close(): Promise<void>;
}

const STDIN = '-';

/** The input's name as shown in messages: control characters escaped, long paths cut. */
export function shownName(name: string): string {
  return sanitize(name, 500);
}

/** One-line reason for a failed open(2) or read(2), by error code. */
export function describeReadError(name: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const reasons: Record<string, string> = {
    ENOENT: 'the file does not exist',
    EISDIR: 'it is a directory, not a file',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOTDIR: 'a part of the path is not a directory',
    ELOOP: 'too many levels of symbolic links',
    ENAMETOOLONG: 'the path is too long',
  };
  const reason = (code && reasons[code]) ?? (err instanceof Error ? err.message : String(err));
  return `cannot read ${shownName(name)}: ${sanitize(reason, 200)}`;
}

function toBytes(chunk: unknown): Uint8Array {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Uint8Array);
}

async function openFile(path: string): Promise<{ handle: FileHandle; bytes: AsyncIterator<unknown>; identity: string }> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw new InputError(describeReadError(path, err));
  }
  let identity: string;
  try {
    const stats = await handle.stat();
    // open(2) succeeds on a directory; reading it would fail later with a vaguer EISDIR.
    if (stats.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    identity = `${stats.dev}:${stats.ino}`;
  } catch (err) {
    await handle.close();
    throw new InputError(describeReadError(path, err));
  }
  return { handle, bytes: handle.createReadStream({ highWaterMark: 64 * 1024 })[Symbol.asyncIterator](), identity };
}

export async function openInput(path: string, stdin: NodeJS.ReadableStream): Promise<OpenedInput> {
  const isStdin = path === STDIN;
  const name = isStdin ? 'stdin' : path;
  const file = isStdin ? null : await openFile(path);
  const bytes = file ? file.bytes : (stdin[Symbol.asyncIterator]() as AsyncIterator<unknown>);
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    try {
      await bytes.return?.();
    } finally {
      // The stream closes the handle when destroyed; closing an already closed handle is a no-op.
      if (file) await file.handle.close().catch(() => undefined);
    }
  };
  const next = async (): Promise<IteratorResult<unknown>> => {
    try {
      return await bytes.next();
    } catch (err) {
      await close();
      throw new InputError(describeReadError(name, err));
    }
  };
  const head = await readHead(next);
  const sniffed = sniff(Buffer.concat(head.chunks).subarray(0, SNIFF_BYTES));
  if (sniffed.kind === 'binary') {
    await close();
    const hint = isSpreadsheetName(name) ? ' (a spreadsheet? export it as CSV and use --column)' : '';
    throw new InputError(`cannot read ${shownName(name)}: it looks like a binary file, not a list of domains${hint}`);
  }
  return { name, text: decode(head.chunks, head.done ? null : next, sniffed.encoding), identity: file?.identity ?? null, close };
}

/** Reads chunks until SNIFF_BYTES are there or the input ends. */
async function readHead(next: () => Promise<IteratorResult<unknown>>): Promise<{ chunks: Uint8Array[]; done: boolean }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < SNIFF_BYTES) {
    const result = await next();
    if (result.done) return { chunks, done: true };
    const chunk = toBytes(result.value);
    chunks.push(chunk);
    size += chunk.length;
  }
  return { chunks, done: false };
}

async function* decode(
  head: Uint8Array[],
  next: (() => Promise<IteratorResult<unknown>>) | null,
  encoding: TextEncoding,
): AsyncGenerator<string> {
  // ignoreBOM: false (the default) drops one leading BOM, in UTF-8 and UTF-16 alike; invalid
  // sequences become U+FFFD, and the entry holding one is then reported, not the whole file.
  const decoder = new TextDecoder(encoding);
  for (const chunk of head) yield decoder.decode(chunk, { stream: true });
  while (next) {
    const result = await next();
    if (result.done) break;
    yield decoder.decode(toBytes(result.value), { stream: true });
  }
  const tail = decoder.decode();
  if (tail !== '') yield tail;
}
