// Where collections live between tool calls: executions by id (for status) and finished collections by
// key (instance id, "pod/<ns>/<name>" or bundle path) for the other tools. Only indexes are kept, never log
// contents. One store per server: tools reach it through ToolContext.state, the one object their context
// shares for the server's lifetime, so two servers in one process (tests) never mix.

import { resolve } from "node:path";
import type { Collection, Execution } from "./types.js";
import { LogToolError } from "./types.js";

/** Finished executions kept for status; older ones are forgotten first (their collections stay). */
const MAX_EXECUTIONS = 200;

export class CollectionStore {
  private readonly executions = new Map<string, Execution>();
  private readonly collections = new Map<string, Collection>();
  /** The execution currently collecting each key. */
  private readonly running = new Map<string, string>();
  private counter = 0;

  newExecution(key: string, now: Date): Execution {
    this.counter += 1;
    const execution: Execution = {
      id: `exec-${String(this.counter).padStart(4, "0")}`,
      key,
      status: "running",
      startedAt: now.toISOString(),
      finishedAt: null,
      sourcesDone: 0,
      sourcesTotal: 0,
      bytes: 0,
      sources: [],
      problems: [],
      error: null,
    };
    this.executions.set(execution.id, execution);
    this.running.set(key, execution.id);
    this.trim();
    return execution;
  }

  finish(execution: Execution, collection: Collection | null, now: Date, error: string | null = null): void {
    execution.status = collection ? "done" : "failed";
    execution.error = error;
    execution.finishedAt = now.toISOString();
    if (collection) this.collections.set(collection.key, collection);
    if (this.running.get(execution.key) === execution.id) this.running.delete(execution.key);
  }

  execution(id: string): Execution {
    const found = this.executions.get(id);
    if (found) return found;
    throw new LogToolError(
      `No collection has executionId "${id}" in this server session: call collect first and pass the executionId it returns.`,
    );
  }

  /** The finished collection for an instanceId (or pod/path key); explains what to do when there is none. */
  collection(key: string): Collection {
    // A collection being gathered again is not answered from the old one: its logs may have moved on.
    const runningId = this.running.get(key) ?? this.running.get(resolve(key));
    if (runningId)
      throw new LogToolError(
        `The logs of "${key}" are still being collected (${runningId}): poll status with executionId="${runningId}" until it says done.`,
      );
    const found = this.collections.get(key) ?? this.collections.get(resolve(key));
    if (found) return found;
    const known = [...this.collections.keys()].sort();
    throw new LogToolError(
      `Nothing has been collected for instanceId "${key}": call collect first (collect(instanceId="${key}"), or with pod= or path=) and wait for status to say done.` +
        (known.length > 0 ? ` Collected so far: ${known.join(", ")}.` : ""),
    );
  }

  private trim(): void {
    if (this.executions.size <= MAX_EXECUTIONS) return;
    for (const [id, e] of this.executions) {
      if (this.executions.size <= MAX_EXECUTIONS) break;
      if (e.status !== "running") this.executions.delete(id);
    }
  }
}

const stores = new WeakMap<object, CollectionStore>();

/** The store of the server that owns `owner` (its ToolContext.state). */
export function storeFor(owner: object): CollectionStore {
  let store = stores.get(owner);
  if (!store) stores.set(owner, (store = new CollectionStore()));
  return store;
}
