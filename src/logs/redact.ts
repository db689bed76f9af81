// The log modules' name for the one rule set in src/redact (kept so their many callers need not change).

export { redactText as redactSecrets } from "../redact/index.js";
