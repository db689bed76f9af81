// `--message TEXT` / `--message-file FILE` (FILE "-" for stdin): the error text a user has, diagnosed alone or
// added to a snapshot or a live collection. Read here, checked for size, and handed on as text.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { MAX_PASTED_BYTES } from "../snapshot/load/pasted.js";
import { UnsafeFileError, readRegularText } from "../util/safe-read.js";
import type { OptionsConfig, ParsedArgs } from "./commands/types.js";

export const MESSAGE_OPTIONS: OptionsConfig = { message: { type: "string" }, "message-file": { type: "string" } };

export const MESSAGE_OPTIONS_HELP = [
  "  --message TEXT     The error message as the pod printed it: diagnosed alone (the report lists the",
  "                     candidates and what to collect), or added to --snapshot or a live target as a log.",
  "  --message-file F   The same, read from file F (- for stdin).",
].join("\n");

/** The message given, none (undefined), or why it cannot be used. */
export async function pastedMessage(args: ParsedArgs, cwd: string): Promise<{ text: string } | { error: string } | undefined> {
  const inline = args.values["message"];
  const file = args.values["message-file"];
  if (inline !== undefined && file !== undefined) return { error: "pass --message or --message-file, not both" };
  let text: string;
  if (typeof inline === "string") text = inline;
  else if (typeof file === "string") {
    try {
      text = file === "-" ? readFileSync(0, "utf8") : await readRegularText(resolve(cwd, file), { maxBytes: MAX_PASTED_BYTES });
    } catch (error) {
      const why = error instanceof UnsafeFileError ? error.message : ((error as NodeJS.ErrnoException).code ?? String(error));
      return { error: `--message-file ${file} could not be read (${why})` };
    }
  } else return undefined;
  if (text.trim() === "") return { error: "the message is empty: pass the error text the pod printed" };
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_PASTED_BYTES)
    return {
      error: `the message is ${bytes} bytes, more than the ${MAX_PASTED_BYTES} an error message needs: pass the error lines, or put whole logs in a snapshot folder's logs/`,
    };
  return { text };
}
