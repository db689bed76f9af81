// Decodes an IAM policy document as the snapshot may hold it: the object the AWS CLI prints, or the
// URL-encoded JSON string the raw IAM API returns (the SDK does not decode it). Kept tiny and local:
// src/iam did not exist when this loader was written.

import type { PolicyDocument } from "../types.js";

/** Returns the decoded document; throws an Error saying what is wrong with it. */
export function decodePolicyDocument(input: unknown): PolicyDocument {
  let doc: unknown = input;
  if (typeof input === "string") {
    const trimmed = input.trim();
    let text = trimmed;
    if (!trimmed.startsWith("{")) {
      try {
        text = decodeURIComponent(trimmed);
      } catch {
        throw new Error("the policy document is neither JSON nor URL-encoded JSON");
      }
    }
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new Error(`the policy document is not valid JSON once decoded: ${(err as Error).message}`);
    }
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw new Error("the policy document is not a JSON object");
  }
  const statement = (doc as { Statement?: unknown }).Statement;
  if (typeof statement !== "object" || statement === null) {
    throw new Error("the policy document has no Statement");
  }
  return doc as PolicyDocument;
}
