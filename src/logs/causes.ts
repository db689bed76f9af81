// The cause ids a log pattern may point to: every cause of src/causes.ts, so a typo in a pattern's
// `suggests` fails the type check, not a diagnosis.

import { CAUSE_IDS, type CauseId } from "../causes.js";

export const LOG_CAUSE_IDS: readonly CauseId[] = CAUSE_IDS;

export type LogCauseId = CauseId;
