/**
 * A text read once from a stream (stdin cannot be read twice) that can still be read from its
 * first character after a look at its beginning: what the look read is kept, and replayed.
 */
export class Rewindable {
  private readonly source: AsyncIterator<string>;
  private kept: string[] = [];
  private rewound = false;

  constructor(text: AsyncIterable<string>) {
    this.source = text[Symbol.asyncIterator]();
  }

  /** The text for a look at its beginning; what it yields is kept until `rewind`. */
  async *peek(): AsyncGenerator<string> {
    for (;;) {
      if (this.rewound) return;
      const next = await this.source.next();
      if (next.done) return;
      this.kept.push(next.value);
      yield next.value;
    }
  }

  /** The whole text, from its first character; call once, after the look is done. */
  async *rewind(): AsyncGenerator<string> {
    this.rewound = true;
    const kept = this.kept;
    this.kept = [];
    yield* kept;
    for (;;) {
      const next = await this.source.next();
      if (next.done) return;
      yield next.value;
    }
  }
}
