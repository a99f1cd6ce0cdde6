import type { ResourceValidationPolicy } from "@pulumi/policy";
import { guarded } from "../lib/guarded";
import { COMPONENT_GRANT_TYPES, redisNameOf } from "../lib/redis-iam";
import { REDIS_CLOUD_IAM_TYPE } from "../../core/type-tokens";
import { parentType } from "../lib/resource-reader";

export const IAM_PROTECTED_POLICY_NAME = "redis-iam-protected";

/**
 * Types exempt from protection, and why. A retiring access key must be
 * removable for zero-downtime rotation; the component protects the current one.
 */
const EXEMPT_TYPES: Readonly<Record<string, string>> = {
    "aws:iam/accessKey:AccessKey": "rotation removes the retiring key",
};

/**
 * Redis's own IAM resources: its named roles, user, policies and instance
 * profile wherever they are declared, and the grants a RedisCloudIam component
 * creates. A grant to a Redis principal from outside the component is not one
 * of them: redis-iam-canonical refuses it, and asking to protect it would
 * suggest the wrong fix.
 */
const isRedisOwnIamResource = (type: string, props: unknown, parent: string | undefined): boolean =>
    redisNameOf(type, props) !== undefined || (parentType(parent) === REDIS_CLOUD_IAM_TYPE && COMPONENT_GRANT_TYPES.has(type));

/**
 * A policy never sees a delete, but the engine refuses to delete a protected
 * resource: requiring `protect` is the only way a pack can stand between a
 * stack and the deletion of Redis's IAM resources.
 */
export const redisIamProtected: ResourceValidationPolicy = {
    name: IAM_PROTECTED_POLICY_NAME,
    description: "Every Redis Cloud IAM resource must be declared with protect: true, so that the engine refuses to delete it.",
    remediationSteps:
        "Keep RedisCloudIam's default protectResources: true (or set the protect option). To decommission on purpose, unprotect with `pulumi state unprotect` first.",
    severity: "high",
    enforcementLevel: "mandatory",
    validateResource: guarded(IAM_PROTECTED_POLICY_NAME, (args, reportViolation) => {
        if (EXEMPT_TYPES[args.type] !== undefined || !isRedisOwnIamResource(args.type, args.props, args.opts.parent)) return;
        if (args.opts.protect !== true) {
            reportViolation(
                `This ${args.type} is one of Redis Cloud's IAM resources and is not protected: set the resource option protect: true (RedisCloudIam's protectResources, on by default).`,
            );
        }
    }),
};
