// The request an IAM policy is evaluated against and the explained decision it yields. The decision
// is data the report quotes verbatim, so every field is plain JSON and every list has a stable order.

type PrincipalType = "Federated" | "Service" | "AWS";

/** Who makes the request: only set for trust (resource) policies. */
export interface RequestPrincipal {
  type: PrincipalType;
  /** Provider ARN (Federated), service principal name (Service), or account id / ARN (AWS). */
  id: string;
}

export type ContextValue = string | string[] | undefined;

export interface PolicyRequest {
  /** "service:Action", e.g. "sts:AssumeRoleWithWebIdentity". */
  action: string;
  principal?: RequestPrincipal;
  /** Only for identity policies; trust policies name no resource. */
  resource?: string;
  /**
   * Condition keys as the request carries them. Names are matched case-insensitively, as IAM does;
   * `undefined` and `[]` both mean the key is absent.
   */
  context: Record<string, ContextValue>;
}

export type Decision = "allow" | "explicit_deny" | "implicit_deny";

/** A principal as a statement names it; type "*" stands for `"Principal": "*"`. */
export interface PrincipalRef {
  type: string;
  id: string;
}

export type PolicyProblem =
  | {
      code: "principal_mismatch";
      message: string;
      element: "Principal" | "NotPrincipal";
      expected: PrincipalRef[];
      actual: RequestPrincipal | null;
    }
  | { code: "action_not_allowed"; message: string; element: "Action" | "NotAction"; expected: string[]; actual: string }
  | {
      code: "resource_not_matched";
      message: string;
      element: "Resource" | "NotResource";
      expected: string[];
      actual: string;
    }
  | {
      code: "condition_value_mismatch";
      message: string;
      operator: string;
      key: string;
      expected: string[];
      actual: string[];
    }
  | {
      code: "wildcard_in_exact_operator";
      message: string;
      operator: string;
      key: string;
      values: string[];
      suggestedOperator: string;
    }
  | { code: "condition_key_missing_in_request"; message: string; operator: string; key: string }
  | {
      code: "condition_key_for_other_issuer";
      message: string;
      operator: string;
      key: string;
      keyIssuer: string;
      requestIssuers: string[];
    }
  | { code: "unknown_operator"; message: string; operator: string; key: string; suggestion: string | null }
  | { code: "explicit_deny"; message: string; action: string; statementIndex: number; sid: string | null };

export interface ConditionResult {
  /** As written in the policy. */
  operator: string;
  key: string;
  policyValues: string[];
  /** null when the request does not carry the key. */
  requestValues: string[] | null;
  matched: boolean;
  /** One sentence saying why it matched or not. */
  note: string;
}

export interface PrincipalResult {
  element: "Principal" | "NotPrincipal" | null;
  /** null: not evaluated (identity policy, or a request without a principal). */
  matched: boolean | null;
  policyValues: PrincipalRef[];
  requestValue: RequestPrincipal | null;
  note: string;
}

export interface ActionResult {
  element: "Action" | "NotAction";
  matched: boolean;
  policyValues: string[];
  requestValue: string;
  note: string;
}

export interface ResourceResult {
  element: "Resource" | "NotResource" | null;
  /** null: not evaluated (trust policy, or a request without a resource). */
  matched: boolean | null;
  policyValues: string[];
  requestValue: string | null;
  note: string;
}

export interface StatementResult {
  index: number;
  sid: string | null;
  effect: "Allow" | "Deny";
  /** The statement applies to the request: principal, action, resource and every condition matched. */
  matched: boolean;
  principal: PrincipalResult;
  action: ActionResult;
  resource: ResourceResult;
  /** Sorted by operator, then key. */
  conditions: ConditionResult[];
  /** Why the statement does not apply, in evaluation order; empty when it applies. */
  problems: PolicyProblem[];
  /** The statement as written, for display. */
  statement: PolicyStatement;
}

export interface PolicyDecision {
  decision: Decision;
  action: string;
  /** Indexes of the Allow statements that apply. */
  allowedBy: number[];
  /** Indexes of the Deny statements that apply. */
  deniedBy: number[];
  /**
   * On an implicit deny: the Allow statement that came closest (fewest problems, then lowest index),
   * i.e. the one a fix should edit. null otherwise or when there is no Allow statement.
   */
  closestAllow: number | null;
  statements: StatementResult[];
}

/** IAM policy statements and documents as IAM returns them (decoded): the snapshot's and the collectors' shape, parsed here. */
export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: "*" | Record<string, string | string[]>;
  NotPrincipal?: "*" | Record<string, string | string[]>;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[] | boolean | number>>;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement[] | PolicyStatement;
}
