// Splits a JSON List (`kubectl get sa,pods -A -o json` of a large cluster: 40 MB compact, 100 MB and more as kubectl
// indents it) into its items while reading it, so the loader never holds the file's text or its whole parse tree:
// each item's bytes are parsed on their own with JSON.parse and handed on, and only what the caller keeps stays in
// memory. The other members of the top-level object (kind, apiVersion, metadata) are parsed whole and returned;
// kubectl prints `kind` after `items`, so the caller learns the List's kind only at the end.
//
// A byte scanner, not a JSON parser: it tracks strings (with escapes) and nesting to find where each member and item
// begins and ends, and leaves validating them to JSON.parse. Every structural character is ASCII, so scanning UTF-8
// bytes is exact.

import { formatBytes } from "../../util/safe-read.js";

/** The file is not a JSON object with an `items` array of acceptable items; the message names what and where. */
export class JsonListError extends Error {
  override readonly name = "JsonListError";
}

export interface JsonListOptions {
  /** Refuse an item (or another top-level member) larger than this: no single piece is held beyond it. */
  maxPieceBytes: number;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = new Set([0x7b, 0x5b]); // { [
const CLOSE = new Set([0x7d, 0x5d]); // } ]
const COMMA = 0x2c;
const COLON = 0x3a;
/** Bytes a number, true, false or null is written with. */
const SCALAR = new Uint8Array(256);
for (const ch of "0123456789+-.eEtruefalsn") SCALAR[ch.charCodeAt(0)] = 1;

/** Receives the file's bytes chunk by chunk (`push`), then `end()` returns the top-level members other than items. */
export class JsonListSplitter {
  private depth = 0;
  private inString = false;
  private escape = false;
  /** At depth 1: the next string is a member's key. */
  private expectKey = true;
  private key: string | null = null;
  /** The current member's value is the items array (its elements are at depth 2). */
  private inItems = false;
  private sawItems = false;
  /** What is being captured (a key, a member's value, an item), its bytes so far, and whether it is a bare scalar. */
  private capture: { what: "key" | "member" | "item"; parts: Buffer[]; size: number; scalar: boolean } | null = null;
  private captureFrom = -1;
  private readonly members: Record<string, unknown> = {};
  private items = 0;
  private done = false;
  /** Bytes pushed before the current chunk, for messages. */
  private offset = 0;

  constructor(
    private readonly onItem: (value: unknown, index: number) => void,
    private readonly options: JsonListOptions,
  ) {}

  push(chunk: Buffer): void {
    this.captureFrom = this.capture ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (this.done) {
        if (!WS.has(c)) throw new JsonListError("has more after the end of its top-level object");
        continue;
      }
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === BACKSLASH) this.escape = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (this.capture?.what === "key") this.key = this.finish(chunk, i) as string;
          else if (this.capture && this.depth === this.captureDepth()) this.finish(chunk, i + 1);
        }
        continue;
      }
      if (WS.has(c)) {
        if (this.capture?.scalar) this.finish(chunk, i);
        continue;
      }
      if (c === QUOTE) {
        this.inString = true;
        if (this.depth === 1 && this.expectKey) this.start("key", i + 1, false);
        else this.startValue(chunk, i, false);
        continue;
      }
      if (OPEN.has(c)) {
        if (this.depth === 0) {
          if (c !== 0x7b) throw new JsonListError("is not a JSON object (a List is one, with an items array)");
        } else if (this.depth === 1 && this.key === "items" && c === 0x5b && !this.capture) {
          this.inItems = true;
          this.sawItems = true;
        } else this.startValue(chunk, i, false);
        this.depth++;
        continue;
      }
      if (CLOSE.has(c)) {
        if (this.capture?.scalar) this.finish(chunk, i);
        this.depth--;
        if (this.depth < 0) throw new JsonListError("is not valid JSON (a closing bracket without its opening one)");
        if (this.capture && this.depth === this.captureDepth()) this.finish(chunk, i + 1);
        else if (this.depth === 1 && this.inItems) this.inItems = false;
        else if (this.depth === 0) this.done = true;
        continue;
      }
      if (c === COMMA || c === COLON) {
        if (this.capture?.scalar) this.finish(chunk, i);
        if (this.depth === 1) this.expectKey = c === COMMA;
        continue;
      }
      // A number, true, false or null; any other byte is not JSON (a file of zeros fails here, not 32 MB later).
      if (!SCALAR[c]) throw new JsonListError(`is not valid JSON (byte 0x${c.toString(16).padStart(2, "0")} at offset ${this.offset + i})`);
      this.startValue(chunk, i, true);
    }
    this.offset += chunk.length;
    if (this.capture && this.captureFrom >= 0) this.keep(chunk.subarray(this.captureFrom));
  }

  end(): Record<string, unknown> {
    if (!this.done || this.inString) throw new JsonListError("is not valid JSON (it ends before its top-level object closes)");
    if (!this.sawItems) throw new JsonListError('has no "items" array (it is not a Kubernetes List)');
    return this.members;
  }

  /** How many items were handed on. */
  get count(): number {
    return this.items;
  }

  /** Depth at which the captured value is closed: a member's at 1, an item's at 2. */
  private captureDepth(): number {
    return this.capture?.what === "item" ? 2 : 1;
  }

  private startValue(chunk: Buffer, at: number, scalar: boolean): void {
    if (this.capture) return;
    if (this.depth === 1 && !this.expectKey) this.start("member", at, scalar);
    else if (this.depth === 2 && this.inItems) this.start("item", at, scalar);
  }

  private start(what: "key" | "member" | "item", at: number, scalar: boolean): void {
    this.capture = { what, parts: [], size: 0, scalar };
    this.captureFrom = at;
  }

  private keep(part: Buffer): void {
    const c = this.capture!;
    c.size += part.length;
    if (c.size > this.options.maxPieceBytes) {
      const what = c.what === "item" ? `item ${this.items + 1}` : `member ${JSON.stringify(this.key)}`;
      throw new JsonListError(`has an ${what} larger than ${formatBytes(this.options.maxPieceBytes)} (no Kubernetes object is)`);
    }
    // Copied: the chunk's buffer is reused by the next read.
    c.parts.push(Buffer.from(part));
  }

  private finish(chunk: Buffer, end: number): unknown {
    const c = this.capture!;
    this.keep(chunk.subarray(Math.max(this.captureFrom, 0), end));
    this.capture = null;
    this.captureFrom = -1;
    const text = Buffer.concat(c.parts, c.size).toString("utf8");
    let value: unknown;
    try {
      value = JSON.parse(c.what === "key" ? `"${text}"` : text);
    } catch {
      if (c.what === "key") throw new JsonListError("is not valid JSON (in a key of its top-level object)");
      const what = c.what === "item" ? `item ${this.items + 1}` : `the value of ${JSON.stringify(this.key)}`;
      throw new JsonListError(`is not valid JSON (in ${what})`);
    }
    if (c.what === "key") return value;
    if (c.what === "item") this.onItem(value, this.items++);
    else if (this.key !== null) this.members[this.key] = value;
    return value;
  }
}
