/**
 * The `redis-cloud-byoc-aws` library. Importing it registers no resource; the
 * per-account program is `index.ts` at the repository root.
 */
export * from "./redis-cloud-iam";
export * from "./redis-documents";
export { AdoptableChild } from "./adoption";
export * from "./policy-document";
export { argError } from "./validation";
export * from "./redis-managed-guardrail";
export { guardrailPolicyDocuments } from "./guardrail-policy";
