import type { ResourceValidationPolicy } from "@pulumi/policy";
import { REDIS_TAG_KEY } from "../../components/redis-documents";
import { configOf, guarded } from "./guarded";
import { readString, readTagKeys } from "./resource-reader";

export const TAG_RESERVED_POLICY_NAME = "redis-managed-tag-reserved";

/** Where a resource can carry a tag key, by type; `*` applies to every type. */
const INSTANCE_VOLUME_TAGS = ["volumeTags", "rootBlockDevice.tags", "ebsBlockDevices[].tags"];
export const TAG_LOCATIONS: Readonly<Record<string, { tagMaps?: string[]; keyFields?: string[] }>> = {
    "*": { tagMaps: ["tags"] },
    "aws:ec2/instance:Instance": { tagMaps: INSTANCE_VOLUME_TAGS },
    "aws:ec2/spotInstanceRequest:SpotInstanceRequest": { tagMaps: INSTANCE_VOLUME_TAGS },
    "aws:ec2/launchTemplate:LaunchTemplate": { tagMaps: ["tagSpecifications[].tags"] },
    "aws:ec2/tag:Tag": { keyFields: ["key"] },
    "aws:autoscaling/tag:Tag": { keyFields: ["tag.key"] },
    "pulumi:providers:aws": { tagMaps: ["defaultTags.tags"] },
};

const where: Readonly<Record<string, string>> = {
    tags: "its tags",
    volumeTags: "the tags of its volumes",
    "rootBlockDevice.tags": "the tags of its root volume",
    "ebsBlockDevices[].tags": "the tags of its EBS volumes",
    "tagSpecifications[].tags": "the tags it puts on what it launches",
    key: "an aws:ec2/tag:Tag",
    "tag.key": "an aws:autoscaling/tag:Tag",
    "defaultTags.tags": "the provider's defaultTags, which would put it on every resource",
};

/**
 * The tag key `RedisLabsIdentifier` belongs to Redis Cloud: Redis's IAM
 * policies grant its user rights over whatever carries it, and Redis finds its
 * resources by it. Adding it hands a resource to Redis; removing or changing
 * it breaks Redis; declaring a resource that has it means a stack manages a
 * Redis-managed resource.
 */
export const redisManagedTagReserved: ResourceValidationPolicy = {
    name: TAG_RESERVED_POLICY_NAME,
    description: `No stack may set, declare or remove the tag key ${REDIS_TAG_KEY}, which marks the resources Redis Cloud manages.`,
    remediationSteps:
        "Remove the tag (or the tagged resource) from the stack. Resources tagged by Redis Cloud are Redis's to manage: do not import them into Pulumi. Use another tag key for your own resources.",
    severity: "critical",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            tagKey: { type: "string", default: REDIS_TAG_KEY, minLength: 1, description: "The tag key Redis Cloud uses." },
        },
    },
    validateResource: guarded(TAG_RESERVED_POLICY_NAME, (args, reportViolation) => {
        const configured = configOf(args).tagKey;
        const tagKey = (typeof configured === "string" && configured ? configured : REDIS_TAG_KEY).toLowerCase();
        for (const locations of [TAG_LOCATIONS["*"], TAG_LOCATIONS[args.type]]) {
            for (const path of locations?.tagMaps ?? []) {
                if (readTagKeys(args.props, path).some((key) => key.toLowerCase() === tagKey)) {
                    reportViolation(`The Redis-reserved tag key is set in ${where[path]} (field "${path}").`);
                }
            }
            for (const path of locations?.keyFields ?? []) {
                if (readString(args.props, path)?.toLowerCase() === tagKey) {
                    reportViolation(`The Redis-reserved tag key is the key of ${where[path]} (field "${path}").`);
                }
            }
        }
    }),
};
