/**
 * Every policy of the pack, in one list. `index.ts` serves them; tests and
 * benchmarks may also run them in-process.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
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
