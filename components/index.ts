/**
 * The `redis-cloud-byoc-aws` library. Importing it registers no resource; the
 * per-account program is `index.ts` at the repository root.
 *
 * This is the package's whole public surface, named one by one (tests/public-api.test.ts
 * pins it): the two components with their args and enums, Redis's names and
 * canonical documents, and the tolerant comparison of a document with them.
 * Validation helpers and limits stay internal.
 */
export {
    CONSOLE_ROLE_POLICY_NAMES,
    ConsoleRolePolicy,
    REDIS_CLOUD_IAM_TYPE,
    RedisCloudIam,
    type RedisCloudConsoleCredentials,
    type RedisCloudIamArgs,
} from "./redis-cloud-iam";
export {
    GuardrailMode,
    REDIS_MANAGED_GUARDRAIL_TYPE,
    RedisManagedGuardrail,
    type RedisManagedGuardrailArgs,
} from "./redis-managed-guardrail";
export { AdoptableChild } from "./adoption";
export { guardrailPolicyDocuments } from "./guardrail-policy";
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
} from "./redis-documents";
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
} from "./policy-document";
