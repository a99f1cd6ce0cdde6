import type { ResourceValidationPolicy } from "@pulumi/policy";
import { REDIS_DOCUMENT_REVISIONS, REDIS_IAM_NAMES, type RedisDocumentRevision } from "../../core/redis-documents";
import { describePolicyDifferences, type PolicyDocument } from "../../core/policy-document";
import { configOf, guarded } from "../lib/guarded";
import { REDIS_CLOUD_IAM_TYPE } from "../../core/type-tokens";
import { COMPONENT_GRANT_TYPES, GRANT_TYPES, isRedisName, redisNameOf, redisPrincipalField } from "../lib/redis-iam";
import { parentType, readIfKnown, readPath, readString, readStrings } from "../lib/resource-reader";
import { isUnknownSentinel } from "../lib/sdk-internals";

export const IAM_CANONICAL_POLICY_NAME = "redis-iam-canonical";

type Check = (name: string, props: unknown, revisions: readonly RedisDocumentRevision[]) => string[];

/**
 * Revisions accepted when a policy group does not say: the current one and the
 * one before, so that the pack can be upgraded before the components.
 */
export const DEFAULT_ACCEPTED_REVISIONS: readonly string[] = REDIS_DOCUMENT_REVISIONS.slice(0, 2).map((r) => r.id);

/** The configured revisions that exist, newest first; the default when none is configured or none exists. */
export function acceptedRevisions(configured: unknown): readonly RedisDocumentRevision[] {
    const ids = Array.isArray(configured) ? configured : DEFAULT_ACCEPTED_REVISIONS;
    const found = REDIS_DOCUMENT_REVISIONS.filter((r) => ids.includes(r.id));
    return found.length ? found : REDIS_DOCUMENT_REVISIONS.filter((r) => DEFAULT_ACCEPTED_REVISIONS.includes(r.id));
}

/** None when the document equals that of any accepted revision; otherwise how it differs from the newest one. */
export function differencesFromRevisions(
    actual: unknown,
    revisions: readonly RedisDocumentRevision[],
    documentOf: (revision: RedisDocumentRevision) => PolicyDocument | undefined,
): string[] {
    let newest: string[] | undefined;
    for (const revision of revisions) {
        const canonical = documentOf(revision);
        if (!canonical) continue;
        const differences = describePolicyDifferences(actual, canonical);
        if (differences.length === 0) return [];
        newest ??= differences;
    }
    return newest ?? [];
}

const isSet = (value: unknown) => value !== undefined && value !== null && value !== "" && !(Array.isArray(value) && value.length === 0);

/** Redis's names must sit at the root path: the user policy's PassRole names the node role's bare ARN. */
const rootPathOnly = (props: unknown): string[] => {
    const path = readString(props, "path");
    return path === undefined || path === "/" ? [] : ['field "path" must be unset or "/": Redis\'s PassRole names the bare role ARN'];
};

/** What each Redis-named IAM resource must look like, by type. */
const CANONICAL_CHECKS: Readonly<Record<string, Check>> = {
    "aws:iam/policy:Policy": (name, props, revisions) =>
        differencesFromRevisions(readPath(props, "policy"), revisions, (r) => r.policies[name]).map((d) => `policy document: ${d}`),
    "aws:iam/role:Role": (name, props, revisions) => [
        ...differencesFromRevisions(readPath(props, "assumeRolePolicy"), revisions, (r) => r.trustPolicies[name]).map(
            (d) => `trust policy: ${d}`,
        ),
        ...rootPathOnly(props),
        ...["managedPolicyArns", "inlinePolicies"]
            .filter((field) => isSet(readPath(props, field)))
            .map((field) => `field "${field}" grants extra rights; Redis's roles get exactly their Redis policy`),
    ],
    "aws:iam/user:User": (_name, props) => rootPathOnly(props),
    "aws:iam/instanceProfile:InstanceProfile": (_name, props) => {
        const role = readString(props, "role");
        const holdsNodeRole = role === REDIS_IAM_NAMES.nodeRole || role?.endsWith(`:role/${REDIS_IAM_NAMES.nodeRole}`);
        return holdsNodeRole ? [] : [`field "role" must be ${REDIS_IAM_NAMES.nodeRole}`];
    },
};

/**
 * Redis's IAM resources must be exactly Redis's: the two policies and two
 * trust policies equal the canonical documents, names sit at the root path,
 * the instance profile holds the node role, and no right or credential reaches
 * a Redis principal except from a `RedisCloudIam` component.
 */
export const redisIamCanonical: ResourceValidationPolicy = {
    name: IAM_CANONICAL_POLICY_NAME,
    description:
        "IAM resources bearing Redis Cloud's names must equal Redis's canonical documents and trust, and nothing but a RedisCloudIam component may grant rights or credentials to Redis's principals.",
    remediationSteps:
        "Create Redis's IAM resources only with the RedisCloudIam component, and leave them as it makes them. " +
        `Remove extra policies, attachments, group memberships, keys or passwords aimed at ${REDIS_IAM_NAMES.user}, ${REDIS_IAM_NAMES.consoleRole} or ${REDIS_IAM_NAMES.nodeRole}.`,
    severity: "high",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            acceptedRevisions: {
                type: "array",
                items: { type: "string", enum: REDIS_DOCUMENT_REVISIONS.map((r) => r.id) },
                minItems: 1,
                uniqueItems: true,
                default: [...DEFAULT_ACCEPTED_REVISIONS],
                description:
                    "Revisions of Redis's documents a Redis IAM resource may equal (ids such as 2025-05). Default: the current one and the one before, so that the pack can be upgraded before the components; set it to the new revision alone once every account runs it.",
            },
        },
    },
    validateResource: guarded(IAM_CANONICAL_POLICY_NAME, (args, reportViolation) => {
        const redisName = redisNameOf(args.type, args.props);
        if (redisName !== undefined) {
            const revisions = acceptedRevisions(configOf(args).acceptedRevisions);
            for (const difference of CANONICAL_CHECKS[args.type](redisName, args.props, revisions)) {
                reportViolation(
                    `${args.type} "${redisName}": ${difference}. Declare Redis's IAM resources only with RedisCloudIam, which keeps Redis's text.`,
                );
            }
        }
        const field = redisPrincipalField(args.type, args.props);
        if (field === undefined) return;
        const what = GRANT_TYPES[args.type].what;
        if (parentType(args.opts.parent) !== REDIS_CLOUD_IAM_TYPE) {
            reportViolation(
                `${what} names a Redis principal or policy in field "${field}", outside a RedisCloudIam component: remove it; Redis's principals hold only what RedisCloudIam gives them.`,
            );
        } else if (!COMPONENT_GRANT_TYPES.has(args.type)) {
            reportViolation(`${what} names a Redis principal in field "${field}"; a RedisCloudIam component never creates one: remove it.`);
        } else {
            // The component attaches only Redis's own policies. Its policy ARNs are unknown until the policies exist.
            const policyArn = readIfKnown(() => readString(args.props, "policyArn"));
            if (policyArn !== undefined && !isRedisName("policy", policyArn)) {
                reportViolation(
                    `${what} attaches a policy other than Redis's to a Redis principal (field "policyArn"): attach only Redis's own policy.`,
                );
            }
            // Its exclusive lists allow Redis's own policy alone, and no inline policy.
            const listed = (readIfKnown(() => readStrings(args.props, "policyArns")) ?? []).filter((arn) => !isUnknownSentinel(arn));
            if (listed.some((arn) => !isRedisName("policy", arn))) {
                reportViolation(
                    `${what} allows a policy other than Redis's on a Redis principal (field "policyArns"): list only Redis's own policy.`,
                );
            }
            const inline = readIfKnown(() => readStrings(args.props, "policyNames")) ?? [];
            if (inline.length > 0) {
                reportViolation(
                    `${what} allows inline policies on a Redis principal (field "policyNames"): list none, since Redis's principals hold no inline policy.`,
                );
            }
        }
    }),
};
