// The parts of @kubernetes/client-node the tool uses: loading a kubeconfig and applying its credentials
// (tokens, client certificates, exec plugins, in-cluster service accounts) to a request. Imported only
// through this module, so `npm run build` can ship it as one bundled file (scripts/bundle-vendor.mjs):
// loaded from its ~900 files, client-node takes most of a second to import; bundled, a fifth of that.

export { HttpMethod, KubeConfig, RequestContext } from "@kubernetes/client-node";
