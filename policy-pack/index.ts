/**
 * The `redis-cloud-byoc-guard` CrossGuard pack: no stack may change what Redis
 * Cloud manages. The Pulumi CLI starts this file (compiled, from package.json
 * "main") with `run-policy-pack`; `new PolicyPack` serves the analyzer.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, REDIS_GUARD_ALL_POLICIES } from "./policies";

new PolicyPack(PACK_NAME, {
    policies: [...REDIS_GUARD_ALL_POLICIES],
    enforcementLevel: "mandatory",
    description: "No Pulumi stack may change what Redis Cloud BYOC manages in an AWS account.",
    provider: "aws",
    tags: ["redis", "aws", "iam", "byoc"],
});
