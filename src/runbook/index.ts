// The runbook engine's public surface: parse and load runbooks, match them to an error text, and check
// reports against a runbook's Output Format.

export type * from "./types.js";
export { parseRunbook, type ParseResult } from "./parse.js";
export { loadRunbooks, bundledRunbooksDir } from "./load.js";
export { matchRunbooks, MAX_ERROR_TEXT_LENGTH } from "./triggers.js";
export { validateAgainstOutputFormat } from "./output-validate.js";
export { isChoiceWithDetail, listOutputChoices, type OutputChoices } from "./output-format.js";
export { frontmatterSchema } from "./frontmatter.js";
export { runbookIdentity } from "./runbook-id.js";
export { DEFAULT_STEP_LEVEL } from "./phase-body.js";
export { KNOWN_CLIS } from "./step-fields.js";
