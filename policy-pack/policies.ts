/**
 * Every resource policy of the pack, in one list, then the stack policies. `index.ts` serves them; tests and
 * benchmarks may also run them in-process.
 */
import type { Policies, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { redisComponentShape } from "./policies/component-shape";
import { redisAccessKeySecret } from "./policies/credential-secret";
import { redisIamCanonical } from "./policies/iam-canonical";
import { redisIamDocuments } from "./policies/iam-documents";
import { redisIamProtected } from "./policies/iam-protected";
import { redisManagedIdsProtected } from "./policies/ids-protected";
import { redisNodeRoleReserved } from "./policies/node-role-reserved";
import { redisManagedTagReserved } from "./policies/tag-reserved";

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
