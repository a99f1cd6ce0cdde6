/**
 * Every resource policy of the pack, in one list, then the stack policies, and the pack's arguments.
 * `../index.ts` serves them; the tests and benchmarks also run them in-process.
 */
import type { Policies, PolicyPackArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { redisComponentShape } from "./redis-component-shape";
import { redisAccessKeySecret } from "./redis-access-key-secret";
import { redisIamCanonical } from "./redis-iam-canonical";
import { redisIamDocuments } from "./redis-iam-documents";
import { redisLockout } from "./redis-lockout";
import { redisBoundaryLockout } from "./redis-boundary-lockout";
import { redisIamProtected } from "./redis-iam-protected";
import { redisManagedIdsProtected } from "./redis-managed-ids-protected";
import { redisNodeRoleReserved } from "./redis-node-role-reserved";
import { redisManagedTagReserved } from "./redis-managed-tag-reserved";
import { redisGuardExceptions } from "./redis-guard-exceptions";
import { redisPrincipalGrants } from "./redis-principal-grants";
import { redisAccountSettings } from "./redis-account-settings";
import { refusingExceptions, withExceptions } from "../lib/exceptions";
import { refusingUnknownSettings as checked } from "../lib/settings";
import { shareScanAmong } from "../lib/shared-scan";
import { TAG_RESERVED_POLICY_NAME } from "./redis-managed-tag-reserved";
import { IDS_PROTECTED_POLICY_NAME } from "./redis-managed-ids-protected";
import { NODE_ROLE_RESERVED_POLICY_NAME } from "./redis-node-role-reserved";

export const PACK_NAME = "redis-cloud-byoc-guard";

/** Why a policy takes no reviewed exceptions: it judges only what no exception may cover. */
const REDIS_OWN = "it judges only Redis's own IAM resources, which no exception may cover";

/**
 * The resource policies, each taking reviewed exceptions (lib/exceptions.ts)
 * unless it judges only Redis's own resources (exceptions can waive a false
 * alarm on a customer's resource, never a change to Redis's), and each
 * refusing a setting it does not know (lib/settings.ts).
 */
export const REDIS_GUARD_POLICIES: readonly ResourceValidationPolicy[] = [
    withExceptions(checked(redisManagedTagReserved)),
    // Checks its own settings, discover's included (lib/live-discovery.ts).
    withExceptions(redisManagedIdsProtected),
    refusingExceptions(checked(redisIamCanonical), REDIS_OWN),
    refusingExceptions(checked(redisIamProtected), REDIS_OWN),
    refusingExceptions(checked(redisAccessKeySecret), REDIS_OWN),
    withExceptions(checked(redisNodeRoleReserved)),
    withExceptions(checked(redisIamDocuments)),
    withExceptions(checked(redisPrincipalGrants)),
    // After redis-managed-ids-protected: it reads which VPCs are Redis's from what that policy judged the same resource by.
    withExceptions(checked(redisAccountSettings)),
    withExceptions(checked(redisLockout)),
];

/** The policies that look for Redis's tokens walk each resource once between them (lib/shared-scan.ts), in the pack's order. */
const TOKEN_SCANNING_POLICIES = new Set([TAG_RESERVED_POLICY_NAME, IDS_PROTECTED_POLICY_NAME, NODE_ROLE_RESERVED_POLICY_NAME]);
shareScanAmong(REDIS_GUARD_POLICIES.map((policy) => policy.name).filter((name) => TOKEN_SCANNING_POLICIES.has(name)));

/**
 * Policies that judge the whole stack at once (AnalyzeStack), in order:
 * redis-guard-exceptions comes last, to list what every other policy's
 * exceptions did in this preview.
 */
export const REDIS_GUARD_STACK_POLICIES: readonly StackValidationPolicy[] = [
    refusingExceptions(checked(redisComponentShape), "the component's shape is what every other policy relies on"),
    refusingExceptions(checked(redisBoundaryLockout), REDIS_OWN),
    checked(redisGuardExceptions),
];

/** Everything the pack serves, in the order GetAnalyzerInfo lists it. */
export const REDIS_GUARD_ALL_POLICIES: Policies = [...REDIS_GUARD_POLICIES, ...REDIS_GUARD_STACK_POLICIES];

/** What `new PolicyPack(PACK_NAME, PACK_ARGS)` serves (`../index.ts`); the tests' in-process analyzer serves the same. */
export const PACK_ARGS: PolicyPackArgs = {
    policies: [...REDIS_GUARD_ALL_POLICIES],
    enforcementLevel: "mandatory",
    description: "No Pulumi stack may change what Redis Cloud BYOC manages in an AWS account.",
    provider: "aws",
    tags: ["redis", "aws", "iam", "byoc"],
};
