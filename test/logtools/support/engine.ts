// Helpers for the log tools' tests: run a collection to its end, the bundled fixtures' paths, and the
// loaded runbooks (the H2 runbook's triggers and Common Issues feed errors and summarize).

import { fileURLToPath } from "node:url";
import { CollectionStore, startCollect, type CollectRequest, type Execution } from "../../../src/logtools/index.js";
import { bundledRunbooksDir, loadRunbooks } from "../../../src/runbook/index.js";
import type { RunbookSet } from "../../../src/runbook/types.js";

export const BUNDLE_DIR = fileURLToPath(new URL("../../../fixtures/bundles/eks_i-0abc123def4567890", import.meta.url));
export const BUNDLE_TGZ = fileURLToPath(
  new URL("../../../fixtures/bundles/eks_i-0abc123def4567890_2024-11-28_1005-UTC_0.7.3.tar.gz", import.meta.url),
);
export const ORDERS_LOG = "var_log/pods/shop_orders-api-7d9f8c6b5-x2k4q_0c1d2e3f-1111-4a5b-8c9d-0e1f2a3b4c5d/orders-api/0.log";
export const CART_LOG = "var_log/pods/shop_cart-5b7c8d9e6-k3j8h_2e3f4a5b-3333-4c7d-8e9f-2a3b4c5d6e7f/cart/0.log";

export const FIXED_NOW = new Date("2024-11-28T10:10:00.000Z");

let runbooks: Promise<RunbookSet> | undefined;
export const h2Runbooks = (): Promise<RunbookSet> => (runbooks ??= loadRunbooks([bundledRunbooksDir()]));

/** Collects and waits until the execution leaves "running". */
export async function collectDone(store: CollectionStore, request: CollectRequest, kube?: { kubeconfigPath?: string }): Promise<Execution> {
  const execution = await startCollect(store, request, { now: () => FIXED_NOW, ...(kube ? { kube } : {}) });
  const deadline = Date.now() + 30_000;
  while (store.execution(execution.id).status === "running") {
    if (Date.now() > deadline) throw new Error(`collection ${execution.id} still running after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return store.execution(execution.id);
}
