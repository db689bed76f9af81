// The two ends of a stdio session: text in, text out. Tests hand in streams (streamEnds). The real process
// starts on its file descriptors instead (descriptorEnds): creating process.stdin or process.stdout loads
// Node's net and stream modules, a fifth of a bare `node -e ''` on Node 22 (bench/startup.mjs), paid before
// the first answer. So until the real server takes over, stdin is read with fs.read and the fast answers are
// written with fs.writeSync; at the handover both move to process.stdin and process.stdout, and the server
// runs on the streams as it would have from the start.

import { read, writeSync } from "node:fs";
import type { Readable, Writable } from "node:stream";

export interface StdioEnds {
  /** Starts calling `onText` with the input as it arrives. */
  read(onText: (text: string) => void): void;
  /** Later input is not passed on (the transport is closed). */
  ignoreInput(): void;
  /** Nothing more is wanted from the client (the server could not start): let the process end. */
  close(): void;
  /** Writes `text`; resolves once more may be written (the stream's backpressure). */
  write(text: string): Promise<void>;
  /** The real server takes over: from here on, the standard streams (descriptorEnds only). */
  handOver?(): void;
}

export function streamEnds(input: Readable, output: Writable): StdioEnds {
  let listener: ((text: string) => void) | undefined;
  return {
    read(onText) {
      listener = onText;
      input.setEncoding("utf8");
      input.on("data", onText);
    },
    ignoreInput: () => void (listener && input.off("data", listener)),
    close: () => void input.destroy(),
    write: (text) => writeToStream(output, text),
  };
}

const STDIN = 0;
const STDOUT = 1;
const CHUNK_BYTES = 64 * 1024;

/**
 * stdin and stdout by descriptor until handOver(). A read already waiting on the descriptor cannot be taken
 * back, so the input moves to process.stdin once that read returns; whatever goes wrong on a descriptor (a
 * non-blocking one answering EAGAIN, say) moves that end to its stream at once, with nothing lost.
 */
export function descriptorEnds(): StdioEnds {
  let onText: ((text: string) => void) | undefined;
  let stopped = false;
  let handedOver = false;
  let waiting = false;
  let inputStream: Readable | undefined;
  // The last bytes of a character split across two reads, kept for the next read (or for the stream).
  let carry = Buffer.alloc(0);
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);

  const toInputStream = () => {
    if (stopped || inputStream) return;
    inputStream = process.stdin;
    if (carry.length > 0) inputStream.unshift(carry);
    inputStream.setEncoding("utf8");
    inputStream.on("data", (text: string) => void (stopped || onText?.(text)));
  };
  const next = () => {
    waiting = true;
    read(STDIN, buffer, 0, CHUNK_BYTES, null, (error, bytes) => {
      waiting = false;
      if (error) return toInputStream();
      if (bytes === 0) return; // end of input: nothing keeps the process alive on our account
      const data = Buffer.concat([carry, buffer.subarray(0, bytes)]);
      const whole = data.length - unfinishedCharBytes(data);
      carry = Buffer.from(data.subarray(whole));
      if (!stopped && whole > 0) onText?.(data.toString("utf8", 0, whole));
      if (stopped) return;
      if (handedOver) toInputStream();
      else next();
    });
  };

  let outputStream: Writable | undefined;
  return {
    read(listener) {
      onText = listener;
      next();
    },
    ignoreInput: () => void (stopped = true),
    close() {
      stopped = true;
      inputStream?.destroy();
      // A read waiting on the descriptor would keep the process waiting for the client's next line.
      if (waiting) process.exit();
    },
    write(text) {
      if (outputStream) return writeToStream(outputStream, text);
      const bytes = Buffer.from(text, "utf8");
      let written = 0;
      try {
        while (written < bytes.length) written += writeSync(STDOUT, bytes, written);
        return Promise.resolve();
      } catch {
        // EAGAIN (a non-blocking pipe that is full), EPIPE...: the stream takes the rest, and meets the same
        // condition as it would have from the start.
        outputStream = process.stdout;
        return writeToStream(outputStream, bytes.subarray(written));
      }
    },
    handOver() {
      handedOver = true;
      outputStream ??= process.stdout;
    },
  };
}

function writeToStream(output: Writable, chunk: string | Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (output.write(chunk)) resolve();
    else output.once("drain", () => resolve());
  });
}

/** How many bytes at the end of `bytes` start a UTF-8 character whose other bytes have not come yet (0-3). */
export function unfinishedCharBytes(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: its lead byte is further back
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}
