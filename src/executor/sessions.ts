// Diagnosis sessions: the evidence gathered once, diagnosed once, then read by every phase. Kept in memory,
// per server, in a small LRU store (the most recent 20), so irsa_phase enrich and report can continue what
// triage began by its id. The store is keyed by an object the server's tools all share for its
// lifetime (the runbook catalog), so two servers in one process never see each other's sessions.

import { createHash } from "node:crypto";
import { runDiagnosis } from "../diagnosis/index.js";
import type { Runbook, RunbookSet } from "../runbook/types.js";
import type { Snapshot } from "../snapshot/types.js";
import { ExecutorError } from "./errors.js";
import { collectionFindings, logCollectionOf } from "./log-collection.js";
import type { OnePass } from "../logtools/sources/one-pass.js";
import { logFindings } from "./log-findings.js";
import type { Session } from "./types.js";

const MAX_SESSIONS = 20;

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(readonly capacity = MAX_SESSIONS) {}

  put(session: Session): void {
    this.sessions.delete(session.id);
    this.sessions.set(session.id, session);
    while (this.sessions.size > this.capacity) this.sessions.delete(this.sessions.keys().next().value!);
  }

  /** The session, made the most recent; throws ExecutorError saying what to do when there is none. */
  get(id: string): Session {
    const session = this.sessions.get(id);
    if (!session) {
      throw new ExecutorError(
        `No diagnosis session "${id}" on this server: sessions live in the server's memory (the ${this.capacity} most recent) and are lost when it restarts. ` +
          `Start a new one: call irsa_phase (or diagnose_irsa) with the target or snapshot instead of diagnosisId.`,
      );
    }
    this.sessions.delete(id);
    this.sessions.set(id, session);
    return session;
  }

  ids(): string[] {
    return [...this.sessions.keys()];
  }
}

const stores = new WeakMap<object, SessionStore>();

/** The session store of one server, found by the object all its tool calls share (ToolContext.state). */
export function sessionStoreFor(owner: object): SessionStore {
  let store = stores.get(owner);
  if (!store) stores.set(owner, (store = new SessionStore()));
  return store;
}

/** Same evidence and runbook, same id: a repeated triage of one snapshot continues under the same name. */
function sessionId(snapshot: Snapshot, runbook: Runbook): string {
  const hash = createHash("sha256")
    .update(runbook.id)
    .update("\u0000")
    .update(runbook.markdown)
    .update("\u0000")
    .update(JSON.stringify(snapshot));
  return `D-${hash.digest("hex").slice(0, 8)}`;
}

/**
 * Diagnoses the evidence; `runbooks` is every runbook loaded, whose triggers the log findings also look for.
 * `logPass`: the pass the loader gave the snapshot's logs/ to (sessionLogPass), so they are not read again.
 */
export async function createSession(
  snapshot: Snapshot,
  runbooks: RunbookSet,
  runbook: Runbook,
  now: Date,
  liveAccess: Session["liveAccess"] = null,
  logPass: OnePass | null = null,
): Promise<Session> {
  const { diagnosis, report } = runDiagnosis(snapshot, runbook);
  // With the pass, the collection is the folder the loader scanned; none when it did not (no logs/, or one
  // that leads out of the bundle).
  const logCollection = logPass
    ? snapshot.logs.status === "found"
      ? logPass.collection(now)
      : null
    : await logCollectionOf(snapshot.origin, now);
  return {
    id: sessionId(snapshot, runbook),
    origin: snapshot.origin,
    liveAccess,
    snapshot,
    runbook,
    diagnosis,
    report,
    logCollection,
    logFindings: logCollection ? await collectionFindings(logCollection, runbooks) : logFindings(snapshot),
    createdAt: now.toISOString(),
  };
}
