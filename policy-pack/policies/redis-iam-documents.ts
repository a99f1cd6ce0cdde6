import type { ResourceValidationPolicy } from "@pulumi/policy";
import { REDIS_IAM_NAMES, REDIS_POLICIES, userRestrictedPolicy } from "../../core/redis-documents";
import { guarded } from "../lib/guarded";
import { REDIS_CLOUD_IAM_TYPE } from "../../core/type-tokens";
import { isRecord } from "../../core/values";
import { GRANT_TYPES, NAMED_TYPES, isRedisName, isRedisPrincipal, redisNameOf } from "../lib/redis-iam";
import { ScanLimitError, displayPath, isUnder, walkDecoded } from "../lib/property-scan";
import { TAG_KEY_CONDITIONS, isNameReferenceUse } from "../lib/reference-uses";
import { parentType } from "../lib/resource-reader";
import { isUnknownSentinel, rawProps } from "../lib/sdk-internals";

export const IAM_DOCUMENTS_POLICY_NAME = "redis-iam-documents";

const lowerSet = (names: readonly string[]) => new Set(names.map((name) => name.toLowerCase()));
const REDIS_PRINCIPAL_RESOURCES = [
    `role/${REDIS_IAM_NAMES.nodeRole}`,
    `role/${REDIS_IAM_NAMES.consoleRole}`,
    `user/${REDIS_IAM_NAMES.user}`,
    `instance-profile/${REDIS_IAM_NAMES.instanceProfile}`,
];

/**
 * IAM actions that hand a Redis principal's rights or credentials to someone
 * else, or change what the principal may do, when allowed on that principal.
 */
export const SENSITIVE_IAM_ACTIONS: readonly string[] = [
    "iam:PassRole",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:PutRolePolicy",
    "iam:PutUserPolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:PutUserPermissionsBoundary",
    "iam:UpdateAssumeRolePolicy",
    "sts:AssumeRole",
];

/**
 * The KMS actions Redis's user policy allows for EBS volumes encrypted with a
 * customer's key (FACTS.md, "Encrypted volumes"), read from the canonical
 * document. A key policy may grant Redis's principals these, and only these.
 */
const EBS_KMS_SIDS = new Set(["AllowEncryptedVolumeCreation", "AllowAttachDetachOfEncryptedVolumes"]);
export const REDIS_EBS_KMS_ACTIONS: ReadonlySet<string> = lowerSet(
    userRestrictedPolicy.Statement.filter((s) => s.Sid !== undefined && EBS_KMS_SIDS.has(s.Sid)).flatMap((s) => asStrings(s.Action)),
);
/** Where each KMS key type holds its key policy. */
const KEY_POLICY_FIELDS: Readonly<Record<string, string>> = {
    "aws:kms/key:Key": "policy",
    "aws:kms/keyPolicy:KeyPolicy": "policy",
    "aws:kms/replicaKey:ReplicaKey": "policy",
    "aws-native:kms:Key": "keyPolicy",
    "aws-native:kms:ReplicaKey": "keyPolicy",
};

/** Name fields through which any provider (camel case) or template (Pascal case) names an IAM principal. */
const NAME_KEYS: ReadonlySet<string> = new Set(
    ["roleName", "userName", "instanceProfileName", "managedPolicyName", "policyName", "roles", "users", "role", "user"].flatMap((key) => [
        key,
        key[0].toUpperCase() + key.slice(1),
    ]),
);

function asStrings(value: unknown): string[] {
    const list = Array.isArray(value) ? value : [value];
    return list.filter((item): item is string => typeof item === "string" && !isUnknownSentinel(item));
}

const globs = new Map<string, RegExp>();
/** An IAM pattern (`*`, `?`) as a case-blind RegExp, compiled once per pattern. */
function glob(pattern: string): RegExp {
    let compiled = globs.get(pattern);
    if (!compiled) {
        const body = pattern
            .replace(/[.+^${}()|[\]\\/]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".");
        compiled = new RegExp(`^${body}$`, "i");
        if (globs.size < 10_000) globs.set(pattern, compiled);
    }
    return compiled;
}

/** A Resource that names a Redis principal: literally, or by a pattern whose name part is more than wildcards. */
export function namesRedisPrincipal(resource: string): boolean {
    const arn = /^arn:[^:]*:iam::[^:]*:(.+)$/i.exec(resource);
    if (!arn) return false;
    const name = arn[1].slice(arn[1].lastIndexOf("/") + 1);
    // `role/*` matches every role: that grant is broad, but it does not single out Redis (the SCP backstop covers it).
    if (/^[*?]*$/.test(name)) return false;
    return REDIS_PRINCIPAL_RESOURCES.some((candidate) => glob(arn[1]).test(candidate));
}

/**
 * The first sensitive action a statement's Action (or NotAction) covers,
 * wildcards included, said as the statement says it: `iam:PassRole`, or
 * `iam:* (which covers iam:PassRole)`, or `every action but ... (which covers ...)`.
 */
function sensitiveActionOf(statement: Record<string, unknown>): string | undefined {
    const actions = asStrings(statement.Action);
    if (actions.length) {
        for (const action of SENSITIVE_IAM_ACTIONS) {
            const pattern = actions.find((candidate) => glob(candidate).test(action));
            if (pattern !== undefined)
                return pattern.toLowerCase() === action.toLowerCase() ? action : `${pattern} (which covers ${action})`;
        }
        return undefined;
    }
    const notActions = asStrings(statement.NotAction);
    if (statement.NotAction === undefined) return undefined;
    const action = SENSITIVE_IAM_ACTIONS.find((candidate) => !notActions.some((pattern) => glob(pattern).test(candidate)));
    return action === undefined ? undefined : `every action but ${notActions.join(", ")} (which covers ${action})`;
}

/** A key policy statement granting Redis only the EBS KMS actions its own policy uses. */
function isEbsKeyGrant(type: string, path: string, statement: Record<string, unknown>): boolean {
    const field = KEY_POLICY_FIELDS[type];
    if (field === undefined || !isUnder(path, field) || statement.NotAction !== undefined) return false;
    const actions = asStrings(statement.Action);
    return actions.length > 0 && actions.every((action) => REDIS_EBS_KMS_ACTIONS.has(action.toLowerCase()));
}

const REDIS_POLICY_ARN = new RegExp(`^arn:[^:]*:iam::[^:]*:policy/(?:.*/)?(?:${Object.keys(REDIS_POLICIES).join("|")})$`, "i");
/**
 * JSON text worth decoding: only text that names Redis (its names all contain
 * "redislabs"; its account) or may spell it in escapes can hold a finding.
 */
const mayNameRedis = (text: string) => /redislabs|168085023892|\\u/i.test(text);

/**
 * Findings for one resource, as messages naming fields. Redis's own named
 * resources and the component's children are judged by redis-iam-canonical.
 */
function findings(type: string, proxied: unknown, parent: string | undefined): string[] {
    const props = rawProps(proxied);
    const messages = new Set<string>();
    // Redis's own named resources and the component's children: redis-iam-canonical holds them to what the component creates.
    if (parentType(parent) === REDIS_CLOUD_IAM_TYPE || redisNameOf(type, props) !== undefined) return [];
    const isControlPolicy = TAG_KEY_CONDITIONS.controlPolicy.holds(props);
    const iamTableType = GRANT_TYPES[type] !== undefined || NAMED_TYPES[type] !== undefined;

    walkDecoded(props, {
        decodes: mayNameRedis,
        object(value, pathOf) {
            if (isControlPolicy || !("Statement" in value)) return;
            const path = pathOf();
            const statements = Array.isArray(value.Statement) ? value.Statement : [value.Statement];
            for (const statement of statements) {
                if (!isRecord(statement) || statement.Effect !== "Allow") continue;
                const principal = statement.Principal;
                const principals = isRecord(principal) ? asStrings(principal.AWS) : [];
                if (principals.some(isRedisPrincipal) && !isEbsKeyGrant(type, path, statement)) {
                    messages.add(
                        `An Allow statement of the policy document in field "${displayPath(path)}" grants to a Redis principal: remove that principal from the statement.`,
                    );
                }
                const action = sensitiveActionOf(statement);
                if (action !== undefined && asStrings(statement.Resource).some(namesRedisPrincipal)) {
                    messages.add(
                        `An Allow statement of the policy document in field "${displayPath(path)}" allows ${action} on a Redis principal: narrow its Resource so that it names none of Redis's principals.`,
                    );
                }
            }
        },
        string(value, pathOf, key) {
            const field = () => displayPath(pathOf()).replace(/\[\]$/, "");
            if (
                value.startsWith("arn:") &&
                REDIS_POLICY_ARN.test(value) &&
                !isControlPolicy &&
                type !== "aws:iam/policyAttachment:PolicyAttachment" &&
                // Observing a Redis policy (a Config rule that checks it stays attached) names it without attaching it.
                !isNameReferenceUse(type, pathOf(), props)
            ) {
                messages.add(`Field "${field()}" attaches or names one of Redis's policies outside a RedisCloudIam component: remove it.`);
            }
            if (!iamTableType && NAME_KEYS.has(key) && isRedisIamName(value)) {
                messages.add(
                    `Field "${field()}" names a Redis IAM principal or policy; only a RedisCloudIam component may: use a name of your own, or create Redis's resources with RedisCloudIam.`,
                );
            }
        },
    });
    return [...messages];
}

const isRedisIamName = (value: string) => (["role", "user", "policy"] as const).some((kind) => isRedisName(kind, value));

/**
 * Rights on Redis's principals, wherever a policy document or a name field
 * gives them, whatever the provider: trust and resource policies that allow a
 * Redis principal, policies that allow passing, keying or re-policing one,
 * Redis's policies named outside the component, and Redis's names in any
 * provider's or template's IAM name fields.
 */
export const redisIamDocuments: ResourceValidationPolicy = {
    name: IAM_DOCUMENTS_POLICY_NAME,
    description:
        "No policy document of any resource or provider may allow a Redis Cloud principal, or allow passing, keying or re-policing one; Redis's policies and names may appear only in a RedisCloudIam component.",
    remediationSteps:
        "Remove the statement that names redislabs-user, redislabs-role, redislabs-cluster-node-role or Redis Cloud's account. A KMS key policy may grant Redis's principals only the EBS actions Redis's user policy uses. Create Redis's IAM resources only with RedisCloudIam.",
    severity: "high",
    enforcementLevel: "mandatory",
    validateResource: guarded(IAM_DOCUMENTS_POLICY_NAME, (args, reportViolation) => {
        let messages: string[];
        try {
            messages = findings(args.type, args.props, args.opts.parent);
        } catch (error) {
            if (!(error instanceof ScanLimitError)) throw error;
            messages = [
                `${IAM_DOCUMENTS_POLICY_NAME} cannot inspect field "${displayPath(error.field)}" (it ${error.limit}), so it cannot allow this resource.`,
            ];
        }
        for (const message of messages) reportViolation(message);
    }),
};
