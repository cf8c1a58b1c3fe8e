/**
 * Opens an Email Log File (a path, or stdin for "-") as decoded text, gunzipping it when its
 * first bytes are gzip's magic number (RFC 1952 §2.3.1: 1f 8b), whatever the file is called: the
 * platform delivers its logs compressed, and people rename files. A gzip stream that ends early
 * (a download cut off) is not an error here: the text read so far is used and `truncated` says so.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { InputError } from './input-error.js';
import { describeReadError, shownName } from './open-input.js';
import { SNIFF_BYTES, sniff } from './sniff.js';

export interface OpenedLog {
  name: string;
  /** Device and inode, or null for stdin: the same file under two names is read once. */
  identity: string | null;
  compressed: boolean;
  text: AsyncIterable<string>;
  /** After `text` has ended: why the decompression stopped early, or null. */
  truncated(): string | null;
}

const GZIP_MAGIC = [0x1f, 0x8b];

export async function openLog(path: string, stdin: NodeJS.ReadableStream): Promise<OpenedLog> {
  const isStdin = path === '-';
  const name = isStdin ? 'stdin' : path;
  let identity: string | null = null;
  if (!isStdin) {
    try {
      const stats = await stat(path);
      if (stats.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
      identity = `${stats.dev}:${stats.ino}`;
    } catch (err) {
      throw new InputError(describeReadError(path, err));
    }
  }
  const raw: AsyncIterator<unknown> = (isStdin ? stdin : createReadStream(path, { highWaterMark: 64 * 1024 }))[Symbol.asyncIterator]();
  const first = await next(raw, name);
  const head = first.done ? Buffer.alloc(0) : toBuffer(first.value);
  const compressed = head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  let stopped: string | null = null;
  const bytes = compressed ? gunzip(head, raw, name, (why) => (stopped = why)) : rest(head, first.done ? null : raw, name);
  return { name, identity, compressed, text: decode(name, bytes), truncated: () => stopped };
}

async function next(iterator: AsyncIterator<unknown>, name: string): Promise<IteratorResult<unknown>> {
  try {
    return await iterator.next();
  } catch (err) {
    throw new InputError(describeReadError(name, err));
  }
}

function toBuffer(chunk: unknown): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk as Uint8Array);
}

async function* rest(head: Buffer, raw: AsyncIterator<unknown> | null, name: string): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  while (raw) {
    const result = await next(raw, name);
    if (result.done) return;
    yield toBuffer(result.value);
  }
}

async function* gunzip(head: Buffer, raw: AsyncIterator<unknown>, name: string, stop: (why: string) => void): AsyncGenerator<Buffer> {
  // node:zlib is loaded for a gzip file only: a run without one need not pay for it at start-up.
  const { createGunzip } = await import('node:zlib');
  const inflate = createGunzip();
  Readable.from(rest(head, raw, name))
    .on('error', (err) => inflate.destroy(err))
    .pipe(inflate);
  try {
    for await (const chunk of inflate) yield chunk as Buffer;
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    stop(
      code === 'Z_BUF_ERROR'
        ? 'the compressed data ends early (a download cut off?)'
        : `the compressed data is damaged (${code ?? 'zlib'})`,
    );
  }
}

/** UTF-8 or UTF-16 text as the first decompressed bytes say; binary content is refused. */
async function* decode(name: string, bytes: AsyncIterable<Buffer>): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  let pending = Buffer.alloc(0);
  for await (const chunk of bytes) {
    if (!decoder) {
      pending = Buffer.concat([pending, chunk]);
      if (pending.length < SNIFF_BYTES) continue;
      decoder = decoderFor(name, pending);
      yield decoder.decode(pending, { stream: true });
      continue;
    }
    yield decoder.decode(chunk, { stream: true });
  }
  if (!decoder) {
    decoder = decoderFor(name, pending);
    yield decoder.decode(pending, { stream: true });
  }
  const tail = decoder.decode();
  if (tail !== '') yield tail;
}

function decoderFor(name: string, head: Buffer): TextDecoder {
  const sniffed = sniff(head.subarray(0, SNIFF_BYTES));
  if (sniffed.kind === 'binary')
    throw new InputError(`cannot read ${shownName(name)}: it is neither a CSV Email Log File nor a gzip-compressed one`);
  return new TextDecoder(sniffed.encoding);
}
