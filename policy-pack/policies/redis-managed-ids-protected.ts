import type { PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { configOf, guarded } from "../lib/guarded";
import { Protection, protectedIds, protectedThisPreview, reportNotice } from "../lib/live-discovery";
import { MANAGED_RESOURCE_TARGETS } from "../lib/managed-resource-targets";
import { sharedHits } from "../lib/shared-scan";
import { displayPath, isUnder, scanOrFailClosed, tokenMatcher, TokenMatcher } from "../lib/property-scan";
import { ACCEPTER_TYPES, ID_REFERENCES_BY_TYPE, REFERENCE_CONDITIONS, usesFor } from "../lib/reference-uses";
import { DISCOVER_CONFIG_SCHEMA } from "../../core/discovery-config";
import { REDIS_MANAGED_ID_PATTERN } from "../../core/redis-discovery";
import { isRecord } from "../../core/values";
import { isUnknownSentinel, rawProps } from "../lib/sdk-internals";
import { reportAdvisory } from "../lib/per-preview";

/** Said once per preview (this policy's stack check runs once) when the policy has nothing to protect. */
export const NOTHING_TO_PROTECT =
    `${"redis-managed-ids-protected"} protects no Redis IDs: its config lists no resourceIds and no discover. ` +
    "List Redis's IDs in resourceIds, or set discover to find them (the pack's operator's guide, section Finding Redis's resource IDs).";

export const IDS_PROTECTED_POLICY_NAME = "redis-managed-ids-protected";

/** The Redis ID kinds the config schema accepts: one source with discovery (core/redis-discovery.ts). */
export { REDIS_MANAGED_ID_PATTERN };

/** Config arrays are the same object for every call: compile each list of IDs into one matcher, once. */
const matchers = new WeakMap<object, TokenMatcher | undefined>();
function idMatcher(configured: unknown): TokenMatcher | undefined {
    if (!Array.isArray(configured)) return undefined;
    if (!matchers.has(configured)) matchers.set(configured, tokenMatcher(configured));
    return matchers.get(configured);
}

/** The settings of this policy's config: the schema the CLI checks, and the only keys the pack accepts (the CLI lets unknown keys through). */
const CONFIG_PROPERTIES: NonNullable<PolicyConfigSchema["properties"]> = {
    resourceIds: {
        type: "array",
        items: { type: "string", minLength: 1, pattern: REDIS_MANAGED_ID_PATTERN },
        default: [],
        description:
            "IDs of the AWS resources Redis Cloud manages in this organisation: vpc-..., subnet-..., sg-..., rtb-..., acl-..., igw-..., pcx-..., tgw-attach-..., eni-..., i-..., vol-..., snap-...",
    },
    discover: DISCOVER_CONFIG_SCHEMA,
};
const CONFIG_KEYS = Object.keys(CONFIG_PROPERTIES);

/** The listed IDs, and with `discover` the discovered ones, for this preview (lib/live-discovery.ts). */
const protection = (config: Record<string, unknown>) => protectedIds(IDS_PROTECTED_POLICY_NAME, config, CONFIG_KEYS, idMatcher);

/** Runs `then` now on a known protection, or once it is known (only the first calls of a preview with discovery wait). */
function whenKnown(protection: Protection | Promise<Protection>, then: (known: Protection) => void): void | Promise<void> {
    if (protection instanceof Promise) return protection.then(then);
    then(protection);
    return undefined;
}

/** Whether a Redis ID at `path` of this resource is a reviewed reference use (reference-uses.ts). */
function isReferenceUse(type: string, path: string, props: unknown): boolean {
    return usesFor(ID_REFERENCES_BY_TYPE, type).some(
        (use) =>
            use.fields.some((field) => isUnder(path, field)) && (use.when === undefined || REFERENCE_CONDITIONS[use.when].holds(props)),
    );
}

/** What a use does, for the message: the known effect of a target field, or the default-deny reason. */
function effectOf(type: string, path: string): string {
    const known = MANAGED_RESOURCE_TARGETS[type];
    const field = path.replace(/\[\]$/, "");
    if (known?.targets.includes(field)) return `this ${type} ${known.effect}`;
    // The type is named only from the table: an arbitrary type token is the stack's text, not the pack's.
    return "this resource uses it, and this is not one of the reviewed reference uses (see the pack's README)";
}

/**
 * Default deny: no stack may name a resource Redis Cloud manages, listed by ID
 * in the policy group's config, anywhere in a resource's inputs (nested
 * fields, list elements, ARNs, JSON text, any provider), except in the
 * reviewed reference uses of reference-uses.ts, such as the source of a rule
 * in the customer's own security group. At stack level, no resource may *be*
 * one: an output `id` or `arn` naming a Redis ID means the stack imported or
 * manages it.
 */
/** The outputs that say which AWS resource a stack's resource is. */
const IDENTITY_OUTPUTS = ["id", "arn"];

export const redisManagedIdsProtected: ResourceValidationPolicy & Pick<StackValidationPolicy, "validateStack"> = {
    name: IDS_PROTECTED_POLICY_NAME,
    description:
        "No stack may use a resource Redis Cloud manages (its VPC, subnets, security groups, route tables, instances, volumes...), listed by ID in this policy's config: any resource naming one anywhere in its inputs is blocked, except the reviewed reference uses listed in the pack's README.",
    remediationSteps:
        "Do not attach rules, routes, subnets, endpoints, tags, targets or state to Redis-managed resources. Refer to them only in the reviewed ways (for example, allow the Redis security group as a source in your own group), or ask Redis Cloud to make the change.",
    severity: "critical",
    enforcementLevel: "mandatory",
    configSchema: { properties: CONFIG_PROPERTIES },
    validateResource: guarded(IDS_PROTECTED_POLICY_NAME, (args, reportViolation) =>
        whenKnown(protection(configOf(args)), ({ matcher, notices }) => {
            protectedThisPreview.matcher = matcher;
            for (const notice of notices) reportNotice(reportViolation, notice);
            if (!matcher) return;
            const props = rawProps(args.props);
            const hits = scanOrFailClosed(
                IDS_PROTECTED_POLICY_NAME,
                () => sharedHits(IDS_PROTECTED_POLICY_NAME, args.urn, props, matcher),
                reportViolation,
            );
            const reported = new Set<string>();
            for (const { path } of hits) {
                if (isReferenceUse(args.type, path, props)) continue;
                const field = displayPath(path).replace(/\[\]$/, "");
                if (reported.has(field)) continue;
                reported.add(field);
                reportViolation(
                    `Field "${field}" names a Redis-managed resource: ${effectOf(args.type, path)}. Remove the reference; the pack's README lists the reviewed ways to refer to Redis's resources.`,
                );
            }
        }),
    ),
    validateStack: (args, reportViolation) => {
        const settings = configOf(args);
        const listed = Array.isArray(settings.resourceIds) && settings.resourceIds.length > 0;
        if (!listed && settings.discover === undefined && args.resources.length > 0) reportAdvisory(reportViolation, NOTHING_TO_PROTECT);
        const judge = ({ matcher, notices }: Protection) => {
            for (const notice of notices) reportNotice(reportViolation, notice);
            if (!matcher) return;
            for (const resource of args.resources) {
                if (ACCEPTER_TYPES.has(resource.type)) continue;
                const outputs = rawProps(resource.props);
                if (!isRecord(outputs)) continue;
                const field = IDENTITY_OUTPUTS.find((name) => {
                    const value = outputs[name];
                    return typeof value === "string" && !isUnknownSentinel(value) && matcher.test(value);
                });
                if (field !== undefined) {
                    reportViolation(
                        `This ${resource.type} is a Redis-managed resource (its output "${field}" names a configured Redis ID): a stack must not import or manage it. Remove it from the program and from the stack's state with \`pulumi state delete\`, which leaves it in AWS.`,
                        resource.urn,
                    );
                }
            }
        };
        const failed = () => reportViolation(`${IDS_PROTECTED_POLICY_NAME} could not read the stack's outputs, so it cannot allow them.`);
        try {
            const pending = whenKnown(protection(configOf(args)), judge);
            if (pending) return pending.catch(failed);
        } catch {
            failed();
        }
        return undefined;
    },
};
