import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { REDIS_IN_ACCOUNT_PRINCIPALS, type RedisPrincipal } from "../../core/redis-effects";
import { isRecord } from "../../core/values";
import { AWS_MANAGED_POLICY_STATEMENTS, awsManagedPolicyArn } from "../../core/aws-managed-policies";
import { configOf } from "../lib/guarded";
import { boundaryGap } from "../lib/iam-statements";
import { MAX_JSON_TEXT } from "../lib/property-scan";
import { NAMED_TYPES, redisNameOf } from "../lib/redis-iam";
import { isUnknownSentinel, rawProps } from "../lib/sdk-internals";

export const BOUNDARY_LOCKOUT_POLICY_NAME = "redis-boundary-lockout";

/** Managed-policy types a stack declares a boundary with: where each holds its document, its name and its path. */
const MANAGED_POLICY_TYPES: Readonly<Record<string, { document: string; name: string; path: string }>> = {
    "aws:iam/policy:Policy": { document: "policy", name: "name", path: "path" },
    "aws-native:iam:ManagedPolicy": { document: "policyDocument", name: "managedPolicyName", path: "path" },
};

/** AWS managed policies a boundary may be, by ARN, with their statements as AWS publishes them (core/aws-managed-policies.ts). */
const AWS_MANAGED_BOUNDARIES: Readonly<Record<string, readonly Record<string, unknown>[]>> = Object.fromEntries(
    Object.entries(AWS_MANAGED_POLICY_STATEMENTS).map(([name, statements]) => [awsManagedPolicyArn(name), statements]),
);

const knownString = (props: unknown, field: string): string | undefined => {
    const value = isRecord(props) ? props[field] : undefined;
    return typeof value === "string" && value !== "" && !isUnknownSentinel(value) ? value : undefined;
};

/** The stack's managed policy that a boundary ARN names: by its `arn` output, or by its name and path (known at preview). */
function boundaryPolicyIn(resources: readonly PolicyResource[], arn: string): PolicyResource | undefined {
    const [, path = "/", name] = /^arn:[^:]+:iam::[^:]*:policy(\/(?:.*\/)?)?([^/]+)$/.exec(arn) ?? [];
    return resources.find((resource) => {
        const fields = MANAGED_POLICY_TYPES[resource.type];
        if (fields === undefined) return false;
        const props = rawProps(resource.props);
        if (knownString(props, "arn") === arn) return true;
        return name !== undefined && knownString(props, fields.name) === name && (knownString(props, fields.path) ?? "/") === path;
    });
}

/** A boundary document's statements, as text or object; undefined when it cannot be read. */
function statementsOf(value: unknown): unknown[] | undefined {
    let document = value;
    if (typeof value === "string") {
        if (isUnknownSentinel(value) || value.length > MAX_JSON_TEXT) return undefined;
        try {
            document = JSON.parse(value);
        } catch {
            return undefined;
        }
    }
    if (!isRecord(document)) return undefined;
    return Array.isArray(document.Statement) ? document.Statement : [document.Statement];
}

/**
 * A permissions boundary on Redis's user or roles caps what they may do: one
 * that does not allow everything Redis's documents allow (or denies some of
 * it) locks Redis out. The component can set one (`permissionsBoundaryArn`),
 * and so can any role or user named as Redis's. The boundary's document is
 * read from the stack (the managed policy its ARN names) or, for an AWS
 * managed policy, from the pack's own copy; a boundary the pack cannot read is
 * judged conservatively unless a reviewer lists it.
 */
export const redisBoundaryLockout: StackValidationPolicy = {
    name: BOUNDARY_LOCKOUT_POLICY_NAME,
    description:
        "A permissions boundary on Redis Cloud's user or roles must allow everything Redis's documents allow them, and deny none of it.",
    remediationSteps:
        "Add an Allow of Redis's actions (those of RedislabsIAMUserRestrictedPolicy and RedisLabsInstanceRolePolicy) to the boundary, exempt Redis's principals from its Deny statements, or set no boundary; for a boundary outside the stack, review it and list its ARN in `reviewedBoundaryArns`.",
    severity: "critical",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            reviewedBoundaryArns: {
                type: "array",
                items: { type: "string", pattern: "^arn:aws[a-z-]*:iam::(\\d{12}|aws):policy/.+$" },
                uniqueItems: true,
                description:
                    "ARNs of boundary policies that are not in the stack and that a reviewer has checked allow everything Redis's documents allow: the pack cannot read them, and judges any other such boundary as a lockout.",
            },
        },
    },
    validateStack: (args, reportViolation) => {
        try {
            judgeBoundaries(args.resources, configOf(args).reviewedBoundaryArns, reportViolation);
        } catch {
            reportViolation(
                `${BOUNDARY_LOCKOUT_POLICY_NAME} could not read this stack's resources (they are malformed), so it cannot allow them.`,
            );
        }
    },
};

/** Each Redis principal of the stack whose boundary stops it from something Redis's documents allow. */
function judgeBoundaries(resources: readonly PolicyResource[], configured: unknown, reportViolation: (message: string) => void): void {
    const reviewed = new Set(Array.isArray(configured) ? configured : []);
    for (const resource of resources) {
        if (NAMED_TYPES[resource.type] === undefined) continue;
        const name = redisNameOf(resource.type, resource.props);
        const principal: RedisPrincipal | undefined = REDIS_IN_ACCOUNT_PRINCIPALS.find((p) => p.label === name);
        if (principal === undefined) continue;
        // Unknown at preview when it is the ARN of a policy the stack creates: decided at `pulumi up`, when it is known.
        const arn = knownString(rawProps(resource.props), "permissionsBoundary");
        if (arn === undefined || reviewed.has(arn)) continue;
        const where = `${resource.type} "${name}"`;
        const declared = boundaryPolicyIn(resources, arn);
        const text = declared
            ? (rawProps(declared.props) as Record<string, unknown>)[MANAGED_POLICY_TYPES[declared.type].document]
            : undefined;
        // A declared boundary whose document is unknown at preview is judged at `pulumi up`.
        if (declared && isUnknownSentinel(text)) continue;
        const statements = declared ? statementsOf(text) : AWS_MANAGED_BOUNDARIES[arn];
        if (statements === undefined) {
            reportViolation(
                `${where} has a permissions boundary (field "permissionsBoundary") whose document the pack cannot read, so it judges it as stopping ${principal.label} from what Redis's documents allow: declare the boundary policy in this stack, or review it and list its ARN in this policy's \`reviewedBoundaryArns\`.`,
            );
            continue;
        }
        const gap = boundaryGap(statements, principal);
        if (gap === undefined) continue;
        const conservative = gap.undecided.length
            ? ` The pack cannot decide ${gap.undecided.join(", ")} at preview, so it judges the boundary as stopping it.`
            : "";
        reportViolation(
            `${where} has a permissions boundary (field "permissionsBoundary") that stops ${principal.label} from ${gap.need.action} (${gap.need.source} allows it), which locks Redis Cloud out.${conservative} ` +
                "Allow everything Redis's documents allow in the boundary and exempt Redis's principals from its Deny statements, or set no boundary.",
        );
    }
}
