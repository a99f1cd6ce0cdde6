/**
 * The `redis-cloud-byoc-aws` library. Importing it registers no resource; the
 * per-account program is `index.ts` at the repository root.
 *
 * This is the package's whole public surface, named one by one (tests/package/public-api.test.ts
 * pins it): the two components with their args and enums, the Redis Cloud
 * registration resource, Redis's names and
 * canonical documents, and the tolerant comparison of a document with them.
 * Validation helpers and limits stay internal.
 */
export { RedisCloudIam, type RedisCloudConsoleCredentials } from "./redis-cloud-iam";
export type { CredentialShape } from "../core/credential-children";
export type { RedisCloudIamArgs } from "./redis-cloud-iam-args";
// TypeScript and JavaScript consumers only: a dynamic provider, which programs using the component through PulumiPlugin.yaml do not get.
export { RedisCloudAccount, type RedisCloudAccountArgs } from "./redis-cloud-account";
export { GuardrailMode, RedisManagedGuardrail, type RedisManagedGuardrailArgs } from "./redis-managed-guardrail";
export { REDIS_CLOUD_IAM_TYPE, REDIS_MANAGED_GUARDRAIL_TYPE } from "../core/type-tokens";
export { CONSOLE_ROLE_POLICY_NAMES, ConsoleRolePolicy } from "../core/console-role-policy";
export { KeyRetirementGate } from "../core/key-retirement-gate";
export { AdoptableChild } from "../core/adoption";
export { guardrailPolicyDocuments } from "../core/guardrail-policy";
export {
    REDIS_CLOUD_ACCOUNT_ID,
    REDIS_DOCUMENTS_REVISION,
    REDIS_DOCUMENT_REVISIONS,
    REDIS_IAM_NAMES,
    REDIS_POLICIES,
    REDIS_TAG_KEY,
    REDIS_TAG_VALUE,
    REDIS_TRUST_POLICIES,
    consoleRoleTrustPolicy,
    instanceRolePolicy,
    nodeRoleTrustPolicy,
    userRestrictedPolicy,
    type RedisDocumentRevision,
} from "../core/redis-documents";
export {
    describePolicyDifferences,
    normalizePolicy,
    type ConditionBlock,
    type ConditionOperator,
    type IamAction,
    type NormalizedStatement,
    type OneOrMany,
    type PolicyDocument,
    type PolicyStatement,
    type Principal,
} from "../core/policy-document";
