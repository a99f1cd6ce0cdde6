import type { ReportViolation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { isRecord } from "../../core/values";
import { REDIS_TAG_KEY, REDIS_TAG_VALUE } from "../../core/redis-documents";
import { configOf, guarded } from "../lib/guarded";
import { firstTimeThisPreview } from "../lib/per-preview";
import { sharedHits } from "../lib/shared-scan";
import { displayPath, isUnder, scanOrFailClosed, tokenMatcher, TokenMatcher } from "../lib/property-scan";
import { TAG_KEY_CONDITIONS, TAG_KEY_REFERENCES_BY_TYPE, usesFor } from "../lib/reference-uses";
import { rawProps } from "../lib/sdk-internals";

export const TAG_RESERVED_POLICY_NAME = "redis-managed-tag-reserved";

/** Where a resource commonly carries a tag key, by type (`*`: every type), named in messages; the scan itself reads every field. */
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
 * The tag keys a Redis document uses, which `tagKey` may name: Redis's policy
 * text fixes the key, so any other value would only let a typo switch tag
 * protection off.
 */
const REDIS_TAG_KEYS: readonly string[] = [REDIS_TAG_KEY];

/**
 * The key to protect: the configured one when a Redis document uses it; otherwise Redis's own, and the
 * configured value is refused once per preview (fail closed: the real key stays protected).
 */
function protectedTagKey(configured: unknown, reportViolation: ReportViolation): string {
    if (configured === undefined || (typeof configured === "string" && REDIS_TAG_KEYS.includes(configured))) {
        return typeof configured === "string" ? configured : REDIS_TAG_KEY;
    }
    if (firstTimeThisPreview(`${TAG_RESERVED_POLICY_NAME}.tagKey`)) {
        reportViolation(
            `${TAG_RESERVED_POLICY_NAME} config: tagKey must be one of ${REDIS_TAG_KEYS.map((k) => `"${k}"`).join(", ")}, the key Redis's own policies use; ${REDIS_TAG_KEY} is protected instead. Remove the setting from the policy group's config.`,
        );
    }
    return REDIS_TAG_KEY;
}

/** Config values are the same for every call: compile each tag key, with Redis's tag value, into one matcher, once. */
const matchers = new Map<string, TokenMatcher | undefined>();
function tagKeyMatcher(tagKey: string): TokenMatcher | undefined {
    if (!matchers.has(tagKey)) matchers.set(tagKey, tokenMatcher([tagKey, REDIS_TAG_VALUE]));
    return matchers.get(tagKey);
}
const TAG_VALUE_TOKEN = REDIS_TAG_VALUE.toLowerCase();

/**
 * Where Redis's tag value is only a label: a tag's value on the customer's own resource (under Redis's key the key
 * itself is refused), or a policy statement (judged by effect by redis-iam-documents; the key there is still refused).
 */
function isValueLabel(type: string, path: string, inStatement: boolean): boolean {
    if (inStatement) return true;
    const maps = [...(TAG_LOCATIONS["*"].tagMaps ?? []), ...(TAG_LOCATIONS[type]?.tagMaps ?? [])];
    // The value beside a tag resource's key field (`key` and `value`, `tag.key` and `tag.value`).
    if ((TAG_LOCATIONS[type]?.keyFields ?? []).some((field) => path === field.replace(/key$/, "value"))) return true;
    return maps.some(
        (map) =>
            path === `${map}[].value` || path === `${map}[].Value` || (isUnder(path, map) && !path.slice(map.length + 1).includes(".")),
    );
}

const isTagKeyReferenceUse = (type: string, path: string, props: unknown): boolean =>
    usesFor(TAG_KEY_REFERENCES_BY_TYPE, type).some(
        (use) => use.fields.some((field) => isUnder(path, field)) && (use.when === undefined || TAG_KEY_CONDITIONS[use.when].holds(props)),
    );

/** The message for a hit: the known tag locations (TAG_LOCATIONS) by name, any other place by its field. */
function describeHit(type: string, path: string, inKey: boolean): string {
    const locations = [TAG_LOCATIONS["*"], TAG_LOCATIONS[type]];
    // A key of a tag map sits under the map; a key of a tag list in its element's `key` field.
    const container = inKey ? path.slice(0, Math.max(0, path.lastIndexOf("."))) : path.replace(/\[\]\.(key|Key)$/, "");
    if (locations.some((l) => l?.keyFields?.includes(path))) return `is the key of ${where[path]} (field "${path}")`;
    if (locations.some((l) => l?.tagMaps?.includes(container))) return `is set in ${where[container]} (field "${container}")`;
    if (inKey) return `is a key in field "${displayPath(container)}" (a tag, a tag selector or a tag setting)`;
    return `appears in field "${displayPath(path)}" (as a tag, a tag selector or a tag setting)`;
}

/**
 * The tag key `RedisLabsIdentifier` belongs to Redis Cloud: Redis's IAM
 * policies grant its user rights over whatever carries it, and Redis finds its
 * resources by it. Adding it hands a resource to Redis; removing or changing
 * it breaks Redis; declaring a resource that has it means a stack manages a
 * Redis-managed resource; selecting by it (lifecycle, backup and SSM targets)
 * acts on every Redis resource; a provider's `ignoreTags` hides it. So the key
 * may appear nowhere in a resource's inputs (any depth, any provider, JSON
 * text included) but in the reviewed uses of reference-uses.ts. At stack
 * level, no resource's `tagsAll` output may hold it: tags added by provider
 * defaults set outside the program, or a Redis resource imported.
 */
export const redisManagedTagReserved: ResourceValidationPolicy & Pick<StackValidationPolicy, "validateStack"> = {
    name: TAG_RESERVED_POLICY_NAME,
    description: `No stack may set, select by, hide or declare the tag key ${REDIS_TAG_KEY}, which marks the resources Redis Cloud manages: it may appear nowhere in a resource's inputs, at any depth and for any provider.`,
    remediationSteps:
        "Remove the tag, the tag selector or the tagged resource from the stack. Resources tagged by Redis Cloud are Redis's to manage: do not import them into Pulumi, target them by tag, or hide the tag from a provider. Use another tag key for your own resources.",
    severity: "critical",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            tagKey: {
                type: "string",
                enum: [...REDIS_TAG_KEYS],
                default: REDIS_TAG_KEY,
                description: "The tag key Redis Cloud uses. Fixed by Redis's own policies: only a key a Redis document uses is accepted.",
            },
        },
    },
    validateResource: guarded(TAG_RESERVED_POLICY_NAME, (args, reportViolation) => {
        const tagKey = protectedTagKey(configOf(args).tagKey, reportViolation);
        const matcher = tagKeyMatcher(tagKey);
        if (!matcher) return;
        const props = rawProps(args.props);
        const hits = scanOrFailClosed(
            TAG_RESERVED_POLICY_NAME,
            () => sharedHits(TAG_RESERVED_POLICY_NAME, args.urn, props, matcher),
            reportViolation,
        );
        const reported = new Set<string>();
        for (const { path, inKey, token, inStatement } of hits) {
            if (isTagKeyReferenceUse(args.type, path, props)) continue;
            const isValue = token === TAG_VALUE_TOKEN && token !== tagKey.toLowerCase();
            if (isValue && !inKey && isValueLabel(args.type, path, inStatement)) continue;
            const message = isValue
                ? `Redis's tag value ${REDIS_TAG_VALUE} ${describeHit(args.type, path, inKey)}: remove it; only Redis selects its resources by its tag.`
                : `The Redis-reserved tag key ${describeHit(args.type, path, inKey)}: remove it; only Redis tags, and selects, its resources with it.`;
            if (reported.has(message)) continue;
            reported.add(message);
            reportViolation(message);
        }
    }),
    validateStack: (args, reportViolation) => {
        const tagKey = protectedTagKey(configOf(args).tagKey, reportViolation).toLowerCase();
        try {
            for (const resource of args.resources) {
                const outputs = rawProps(resource.props);
                const tagsAll = isRecord(outputs) ? outputs.tagsAll : undefined;
                if (isRecord(tagsAll) && Object.keys(tagsAll).some((key) => key.toLowerCase() === tagKey)) {
                    reportViolation(
                        `This ${resource.type} carries the Redis-reserved tag key in its output "tagsAll" (provider default tags, or a Redis resource imported): remove the key from the provider's defaultTags, or remove an imported Redis resource from the program and the stack's state with \`pulumi state delete\`, which leaves it in AWS.`,
                        resource.urn,
                    );
                }
            }
        } catch {
            reportViolation(`${TAG_RESERVED_POLICY_NAME} could not read the stack's outputs, so it cannot allow them.`);
        }
    },
};
