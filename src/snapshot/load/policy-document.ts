// Decodes an IAM policy document as the snapshot may hold it: the object the AWS CLI prints, or the
// URL-encoded JSON string the raw IAM API returns (the SDK does not decode it). Validation is the IAM
// evaluator's, so a document the loader accepts is one the checks can evaluate; the snapshot keeps the
// document as written (not normalised) so the report can quote it.

import { PolicyParseError, parsePolicy } from "../../iam/index.js";
import type { PolicyDocument } from "../types.js";

/** Returns the decoded document; throws an Error saying what is wrong with it. */
export function decodePolicyDocument(input: unknown): PolicyDocument {
  if (typeof input !== "string" && (typeof input !== "object" || input === null)) {
    throw new Error("the policy document is neither a JSON object nor URL-encoded JSON");
  }
  try {
    return parsePolicy(input).original;
  } catch (err) {
    if (err instanceof PolicyParseError) throw new Error(err.message, { cause: err });
    throw err;
  }
}
