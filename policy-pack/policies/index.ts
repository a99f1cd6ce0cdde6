/**
 * Every resource policy of the pack, in one list, then the stack policies, and the pack's arguments.
 * `../index.ts` serves them; the tests and benchmarks also run them in-process.
 */
import type { Policies, PolicyPackArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { redisComponentShape } from "./redis-component-shape";
import { redisAccessKeySecret } from "./redis-access-key-secret";
import { redisIamCanonical } from "./redis-iam-canonical";
import { redisIamDocuments } from "./redis-iam-documents";
import { redisIamProtected } from "./redis-iam-protected";
import { redisManagedIdsProtected } from "./redis-managed-ids-protected";
import { redisNodeRoleReserved } from "./redis-node-role-reserved";
import { redisManagedTagReserved } from "./redis-managed-tag-reserved";

export const PACK_NAME = "redis-cloud-byoc-guard";

export const REDIS_GUARD_POLICIES: readonly ResourceValidationPolicy[] = [
    redisManagedTagReserved,
    redisManagedIdsProtected,
    redisIamCanonical,
    redisIamProtected,
    redisAccessKeySecret,
    redisNodeRoleReserved,
    redisIamDocuments,
];

/** Policies that judge the whole stack at once (AnalyzeStack). */
export const REDIS_GUARD_STACK_POLICIES: readonly StackValidationPolicy[] = [redisComponentShape];

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
