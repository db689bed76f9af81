// The runbook engine's public surface: parse and load runbooks, match them to an error text, and check
// reports against a runbook's Output Format.

export type * from "./types.js";
export { parseRunbook } from "./parse.js";
export { loadRunbooks, bundledRunbooksDir } from "./load.js";
export { matchRunbooks, MAX_ERROR_TEXT_LENGTH } from "./triggers.js";
export { validateAgainstOutputFormat } from "./output-validate.js";
export { listOutputChoices } from "./output-format.js";
