// The engine's shapes: how a read of the cluster (live or from a snapshot) turns out, and the source both
// modes implement, so every tool summarises the same objects whichever way they were obtained.

import type { K8sObject } from "../snapshot/types.js";
import type { KindInfo } from "./kinds.js";

/**
 * Why a read has no value. not_found: the API (or the snapshot's typed list) says it does not exist;
 * not_collected: the snapshot never looked, so nothing can be concluded; denied: RBAC or IAM refused.
 */
export type ViewFailureKind = "not_found" | "denied" | "not_collected" | "invalid" | "unreachable" | "error";

export interface ViewFailure {
  kind: ViewFailureKind;
  /** A sentence saying what could not be read and what to do about it. */
  message: string;
  /** For denied: the permission to grant, e.g. "list pods in namespace payments" or "iam:GetOpenIDConnectProvider". */
  permission?: string;
}

export type Read<T> = { ok: true; value: T } | { ok: false; failure: ViewFailure };

export const readOk = <T>(value: T): Read<T> => ({ ok: true, value });
export const readFailed = <T>(kind: ViewFailureKind, message: string, permission?: string): Read<T> => ({
  ok: false,
  failure: permission === undefined ? { kind, message } : { kind, message, permission },
});

export interface ListQuery {
  labelSelector?: string;
  fieldSelector?: string;
  /** At most this many items are returned. */
  limit: number;
}

export interface ListPage {
  items: K8sObject[];
  /** More objects matched than `limit`. */
  truncated: boolean;
}

/** Where Kubernetes objects come from: a live API server (GET only) or an offline snapshot folder. */
export interface K8sSource {
  mode: "live" | "snapshot";
  /** "context prod (https://...)" or "snapshot /path": said in every answer. */
  origin: string;
  list(kind: KindInfo, namespace: string | null, query: ListQuery): Promise<Read<ListPage>>;
  get(kind: KindInfo, namespace: string | null, name: string): Promise<Read<K8sObject>>;
  close(): void;
}
