// Splits a stream of bytes (or strings) into lines without holding more than one chunk's lines and one
// partial line, that line capped: a longer line keeps its first `maxLength` characters for matching and is
// flagged as truncated. Lines come in batches (one per chunk): one await per line would cost more than
// the matching itself on a large file.

import { StringDecoder } from "node:string_decoder";

export interface Line {
  text: string;
  /** The line was longer than the cap; `text` holds its beginning only. */
  truncated: boolean;
}

export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024;

export async function* splitLines(chunks: AsyncIterable<Buffer | string>, maxLength = DEFAULT_MAX_LINE_LENGTH): AsyncGenerator<Line[]> {
  const decoder = new StringDecoder("utf8");
  let parts: string[] = [];
  let kept = 0;
  let truncated = false;
  let pending = false;

  const append = (piece: string): void => {
    if (piece.length === 0) return;
    pending = true;
    if (kept >= maxLength) {
      truncated = true;
      return;
    }
    const room = maxLength - kept;
    const take = piece.length > room ? piece.slice(0, room) : piece;
    if (take.length < piece.length) truncated = true;
    parts.push(take);
    kept += take.length;
  };
  const take = (): Line => {
    let text = parts.length === 1 ? parts[0]! : parts.join("");
    if (text.endsWith("\r")) text = text.slice(0, -1);
    const line = { text, truncated };
    parts = [];
    kept = 0;
    truncated = false;
    pending = false;
    return line;
  };

  const feed = (s: string): Line[] => {
    const out: Line[] = [];
    let from = 0;
    for (;;) {
      const nl = s.indexOf("\n", from);
      if (nl < 0) {
        append(s.slice(from));
        return out;
      }
      append(s.slice(from, nl));
      out.push(take());
      from = nl + 1;
    }
  };

  for await (const chunk of chunks) {
    const batch = feed(typeof chunk === "string" ? chunk : decoder.write(chunk));
    if (batch.length > 0) yield batch;
  }
  const last = feed(decoder.end());
  if (pending) last.push(take());
  if (last.length > 0) yield last;
}

/** Lines handed over already split (live log tails): caps each and splits any embedded newline. */
export async function* capLines(
  lines: AsyncIterable<string> | Iterable<string>,
  maxLength = DEFAULT_MAX_LINE_LENGTH,
): AsyncGenerator<Line> {
  for await (const item of lines) {
    const pieces = item.includes("\n") ? item.split("\n") : [item];
    if (pieces.length > 1 && pieces[pieces.length - 1] === "") pieces.pop();
    for (const piece of pieces) {
      const text = piece.endsWith("\r") ? piece.slice(0, -1) : piece;
      yield text.length > maxLength ? { text: text.slice(0, maxLength), truncated: true } : { text, truncated: false };
    }
  }
}
