// Reads a JSON document whose top level is an array one element at a time, so a day file of a million messages never
// sits in memory as one string or one parsed array: only the element being read does.
import type { Readable } from 'node:stream';

/** The input is not well-formed JSON (the message says where it went wrong, as JSON.parse's would). */
export class JsonStreamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonStreamError';
  }
}

export interface JsonArrayStats {
  /** Elements handed to the callback. */
  elements: number;
  /** Elements over `maxElementBytes`, passed over without being parsed. */
  oversized: number;
}

const enum Ch {
  Quote = 0x22,
  Backslash = 0x5c,
  Comma = 0x2c,
  OpenBracket = 0x5b,
  CloseBracket = 0x5d,
  OpenBrace = 0x7b,
  CloseBrace = 0x7d,
}

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * Calls `onElement` with each element of the top-level array of `source`, each parsed on its own with JSON.parse.
 * A top-level value that is not an array yields no element; it must still be well-formed and, being read whole, no
 * larger than `maxElementBytes`. An element larger than that is skipped (counted in `oversized`). A leading UTF-8 BOM
 * is ignored. Rejects with JsonStreamError for malformed input, or with the stream's own error (which wins: it is read
 * to its end even after malformed JSON). An error thrown by `onElement` stops the read and is rethrown as it is.
 */
export async function forEachJsonElement(
  source: Readable,
  onElement: (value: unknown) => void,
  opts: { maxElementBytes: number },
): Promise<JsonArrayStats> {
  const stats: JsonArrayStats = { elements: 0, oversized: 0 };
  const scanner = new ElementScanner(opts.maxElementBytes, (text) => {
    stats.elements++;
    onElement(parse(text));
  });
  // After malformed JSON the rest is still read (not scanned): corrupt data underneath must surface as the stream's error.
  let malformed: JsonStreamError | undefined;
  const guard = (f: () => void) => {
    try {
      f();
    } catch (err) {
      if (!(err instanceof JsonStreamError)) throw err;
      malformed = err;
    }
  };
  for await (const chunk of source) if (!malformed) guard(() => scanner.push(chunk as Buffer));
  if (!malformed) guard(() => scanner.end());
  if (malformed) throw malformed;
  stats.oversized = scanner.oversized;
  return stats;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new JsonStreamError((err as Error).message);
  }
}

type State = 'start' | 'before-element' | 'after-element' | 'element' | 'done' | 'document';

/** A byte-level state machine: finds where each top-level element starts and ends; JSON.parse checks the rest. */
class ElementScanner {
  private state: State = 'start';
  private bomBytes = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** A ',' was read since the last element: a ']' now would be a trailing comma. */
  private sawComma = false;
  private parts: Buffer[] = [];
  private size = 0;
  private tooBig = false;
  oversized = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly emit: (text: string) => void,
  ) {}

  push(chunk: Buffer): void {
    let i = 0;
    if (this.state === 'start') i = this.skipBom(chunk);
    let from = this.state === 'element' || this.state === 'document' ? i : -1;
    for (; i < chunk.length; i++) {
      const b = chunk[i];
      switch (this.state) {
        case 'start':
          if (isSpace(b)) continue;
          if (b === Ch.OpenBracket) this.state = 'before-element';
          else {
            this.state = 'document';
            from = i;
            i--; // the document's first byte is read again in 'document'
          }
          continue;
        case 'before-element':
        case 'after-element':
          if (isSpace(b)) continue;
          if (b === Ch.CloseBracket) {
            if (this.state === 'before-element' && this.sawComma) throw new JsonStreamError('Unexpected token ] after ,');
            this.state = 'done';
            continue;
          }
          if (this.state === 'after-element') {
            if (b !== Ch.Comma) throw new JsonStreamError(`Unexpected byte 0x${b.toString(16)} after an array element`);
            this.state = 'before-element';
            this.sawComma = true;
            continue;
          }
          this.state = 'element';
          from = i;
          i--;
          continue;
        case 'element':
          if (this.scan(b)) continue;
          // a ',' or ']' at depth 0 outside a string ends the element
          this.take(chunk, from, i);
          this.finishElement();
          from = -1;
          this.sawComma = false;
          this.state = 'after-element';
          i--;
          continue;
        case 'document':
          this.scan(b, true);
          continue;
        case 'done':
          if (!isSpace(b)) throw new JsonStreamError('Unexpected data after the end of the array');
          continue;
      }
    }
    if (from >= 0 && (this.state === 'element' || this.state === 'document')) this.take(chunk, from, chunk.length);
  }

  end(): void {
    if (this.state === 'document') {
      if (this.tooBig) throw new JsonStreamError(`The top-level value is not an array and is larger than ${this.maxBytes} bytes`);
      parse(this.text());
      return;
    }
    if (this.state !== 'done') throw new JsonStreamError(this.state === 'start' ? 'Unexpected end of JSON input' : 'Unterminated array');
  }

  private skipBom(chunk: Buffer): number {
    const bom = [0xef, 0xbb, 0xbf];
    let i = 0;
    while (this.bomBytes < 3 && i < chunk.length && chunk[i] === bom[this.bomBytes]) {
      this.bomBytes++;
      i++;
    }
    if (this.bomBytes > 0 && this.bomBytes < 3 && i < chunk.length) throw new JsonStreamError('Unexpected token in JSON at position 0');
    return i;
  }

  /** Tracks strings and nesting; returns false at a byte that ends the current top-level element. */
  private scan(b: number, wholeDocument = false): boolean {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (b === Ch.Backslash) this.escaped = true;
      else if (b === Ch.Quote) this.inString = false;
      return true;
    }
    if (b === Ch.Quote) this.inString = true;
    else if (b === Ch.OpenBracket || b === Ch.OpenBrace) this.depth++;
    else if (b === Ch.CloseBracket || b === Ch.CloseBrace) {
      if (this.depth === 0) {
        if (wholeDocument) throw new JsonStreamError(`Unexpected token ${String.fromCharCode(b)} in JSON`);
        return false;
      }
      this.depth--;
    } else if (b === Ch.Comma && this.depth === 0 && !wholeDocument) return false;
    return true;
  }

  private take(chunk: Buffer, from: number, to: number): void {
    if (to <= from) return;
    this.size += to - from;
    if (this.size > this.maxBytes) {
      this.tooBig = true;
      this.parts = [];
      return;
    }
    if (!this.tooBig) this.parts.push(chunk.subarray(from, to));
  }

  private text(): string {
    return Buffer.concat(this.parts).toString('utf8');
  }

  private finishElement(): void {
    if (this.tooBig) this.oversized++;
    else this.emit(this.text());
    this.parts = [];
    this.size = 0;
    this.tooBig = false;
    this.depth = 0;
  }
}
