import type { ResourceValidationPolicy } from "@pulumi/policy";
import { REDIS_IAM_NAMES } from "../../components/redis-documents";
import { describePolicyDifferences } from "../../components/policy-document";
import { guarded } from "./guarded";
import {
    COMPONENT_GRANT_TYPES,
    GRANT_TYPES,
    REDIS_CLOUD_IAM_TYPE,
    REDIS_POLICIES,
    REDIS_TRUST_POLICIES,
    isRedisName,
    redisNameOf,
    redisPrincipalField,
} from "./redis-iam";
import { parentType, readIfKnown, readPath, readString } from "./resource-reader";

export const IAM_CANONICAL_POLICY_NAME = "redis-iam-canonical";

type Check = (name: string, props: unknown) => string[];

const isSet = (value: unknown) => value !== undefined && value !== null && value !== "" && !(Array.isArray(value) && value.length === 0);

/** Redis's names must sit at the root path: the user policy's PassRole names the node role's bare ARN. */
const rootPathOnly = (props: unknown): string[] => {
    const path = readString(props, "path");
    return path === undefined || path === "/" ? [] : ['field "path" must be unset or "/": Redis\'s PassRole names the bare role ARN'];
};

/** What each Redis-named IAM resource must look like, by type. */
const CANONICAL_CHECKS: Readonly<Record<string, Check>> = {
    "aws:iam/policy:Policy": (name, props) =>
        describePolicyDifferences(readPath(props, "policy"), REDIS_POLICIES[name]).map((d) => `policy document: ${d}`),
    "aws:iam/role:Role": (name, props) => [
        ...describePolicyDifferences(readPath(props, "assumeRolePolicy"), REDIS_TRUST_POLICIES[name]).map((d) => `trust policy: ${d}`),
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
    validateResource: guarded(IAM_CANONICAL_POLICY_NAME, (args, reportViolation) => {
        const redisName = redisNameOf(args.type, args.props);
        if (redisName !== undefined) {
            for (const difference of CANONICAL_CHECKS[args.type](redisName, args.props)) {
                reportViolation(`${args.type} "${redisName}": ${difference}.`);
            }
        }
        const field = redisPrincipalField(args.type, args.props);
        if (field === undefined) return;
        const what = GRANT_TYPES[args.type].what;
        if (parentType(args.opts.parent) !== REDIS_CLOUD_IAM_TYPE) {
            reportViolation(`${what} names a Redis principal or policy in field "${field}", outside a RedisCloudIam component.`);
        } else if (!COMPONENT_GRANT_TYPES.has(args.type)) {
            reportViolation(`${what} names a Redis principal in field "${field}"; a RedisCloudIam component never creates one.`);
        } else {
            // The component attaches only Redis's own policies. Its policy ARNs are unknown until the policies exist.
            const policyArn = readIfKnown(() => readString(args.props, "policyArn"));
            if (policyArn !== undefined && !isRedisName("policy", policyArn)) {
                reportViolation(`${what} attaches a policy other than Redis's to a Redis principal (field "policyArn").`);
            }
        }
    }),
};
