import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf, guarded } from "./guarded";
import { MANAGED_RESOURCE_TARGETS } from "./managed-resource-targets";
import { readStrings } from "./resource-reader";

export const IDS_PROTECTED_POLICY_NAME = "redis-managed-ids-protected";

/**
 * The ID kinds of what Redis Cloud creates and manages in an account (VPC,
 * subnets, security groups, route tables, ACLs, gateways, peering and transit
 * attachments, interfaces, instances, volumes, snapshots), with AWS's 8 or 17
 * lower-case hex digits: a name, an ARN or a typo is refused by the config schema.
 */
export const REDIS_MANAGED_ID_PATTERN = "^(vpc|subnet|sg|rtb|acl|igw|pcx|tgw-attach|eni|i|vol|snap)-[0-9a-f]{8}([0-9a-f]{9})?$";

/** Config arrays are the same object for every call: build each lookup set once. */
const idSets = new WeakMap<object, ReadonlySet<string>>();
function redisIds(configured: unknown): ReadonlySet<string> {
    if (!Array.isArray(configured)) return new Set();
    let ids = idSets.get(configured);
    if (!ids) {
        ids = new Set(configured.filter((id): id is string => typeof id === "string"));
        idSets.set(configured, ids);
    }
    return ids;
}

/**
 * No stack may modify a Redis-managed resource, named by its ID in the policy
 * group's config. Only fields that name the resource being changed count (see
 * managed-resource-targets.ts): referring to a Redis resource passes.
 */
export const redisManagedIdsProtected: ResourceValidationPolicy = {
    name: IDS_PROTECTED_POLICY_NAME,
    description:
        "No stack may modify a resource Redis Cloud manages (its VPC, subnets, security groups, route tables, instances, volumes...), listed by ID in this policy's config.",
    remediationSteps:
        "Do not attach rules, routes, subnets, endpoints, tags or state to Redis-managed resources. Refer to them instead (for example, allow the Redis security group as a source in your own group), or ask Redis Cloud to make the change.",
    severity: "critical",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            resourceIds: {
                type: "array",
                items: { type: "string", minLength: 1, pattern: REDIS_MANAGED_ID_PATTERN },
                default: [],
                description:
                    "IDs of the AWS resources Redis Cloud manages in this organisation: vpc-..., subnet-..., sg-..., rtb-..., acl-..., igw-..., pcx-..., tgw-attach-..., eni-..., i-..., vol-..., snap-...",
            },
        },
    },
    validateResource: guarded(IDS_PROTECTED_POLICY_NAME, (args, reportViolation) => {
        const covered = MANAGED_RESOURCE_TARGETS[args.type];
        if (!covered) return;
        const ids = redisIds(configOf(args).resourceIds);
        if (ids.size === 0) return;
        for (const field of covered.targets) {
            if (readStrings(args.props, field).some((id) => ids.has(id))) {
                reportViolation(`Field "${field}" names a Redis-managed resource: this ${args.type} ${covered.effect}.`);
            }
        }
    }),
};
