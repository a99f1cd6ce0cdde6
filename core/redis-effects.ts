/**
 * The effect model of Redis Cloud BYOC in an AWS account, as data: Redis's
 * principals, how AWS names them in a request, and what each may do. The
 * actions are read from the canonical documents (core/redis-documents.ts),
 * never restated; what AWS itself needs for Redis to run (Redis Cloud's
 * account assuming the console role, the documented grants to that account)
 * is added beside them with its reason.
 *
 * A guard asks this model two questions: does a statement reach one of these
 * principals (an Allow that singles them out, a Deny that binds them), and
 * does it touch one of the actions they need. Dependency-free: the guard pack
 * compiles it in.
 */
import type { PolicyStatement } from "./policy-document";
import { REDIS_CLOUD_ACCOUNT_ID, REDIS_IAM_NAMES, instanceRolePolicy, userRestrictedPolicy } from "./redis-documents";

/** What a Redis principal needs to be allowed: an action on a resource, as Redis's documents write them (wildcards allowed). */
export interface RedisNeed {
    readonly action: string;
    readonly resource: string;
    /** Where the need comes from, for messages and reviewers. */
    readonly source: string;
    /** The condition Redis's own statement puts on it: a request of Redis's for this need satisfies it. */
    readonly condition?: PolicyStatement["Condition"];
}

export type RedisPrincipalId = "user" | "nodeRole" | "consoleRole" | "redisCloudAccount";

/** One principal of Redis's, as a request names it. */
export interface RedisPrincipal {
    readonly id: RedisPrincipalId;
    /** How a message names it. */
    readonly label: string;
    /** Whose account it lives in: the customer's (inside the organisation, bound by its SCPs) or Redis Cloud's own. */
    readonly account: "customer" | "redis";
    /**
     * `aws:PrincipalArn` of its requests, with `*` for the customer's account.
     * A role session's `aws:PrincipalArn` is the role's ARN; Redis Cloud's
     * account acts through principals of its own whose names it does not publish.
     */
    readonly principalArn: string;
    /** ARNs a `Principal` element may use for it (the role, its sessions, the account), `*` for the account. */
    readonly principalArns: readonly string[];
    /** `aws:PrincipalType`. */
    readonly principalType: string;
    /** `aws:username`, set only for IAM users. */
    readonly username?: string;
    /** What it needs allowed for Redis to run. */
    readonly needs: readonly RedisNeed[];
}

const asArray = <T>(value: T | readonly T[] | undefined): readonly T[] =>
    value === undefined ? [] : Array.isArray(value) ? (value as readonly T[]) : [value as T];

/** The Allow statements of a canonical document, as needs: each action on each resource (`*` when the statement has none). */
function needsOf(statements: readonly PolicyStatement[], source: string): RedisNeed[] {
    return statements
        .filter((statement) => statement.Effect === "Allow")
        .flatMap((statement) =>
            asArray(statement.Action).flatMap((action) =>
                (asArray(statement.Resource).length ? asArray(statement.Resource) : ["*"]).map((resource) => ({
                    action,
                    resource,
                    source: `${source}${statement.Sid ? ` (${statement.Sid})` : ""}`,
                    ...(statement.Condition ? { condition: statement.Condition } : {}),
                })),
            ),
        );
}

const USER_NEEDS = needsOf(userRestrictedPolicy.Statement, REDIS_IAM_NAMES.userRestrictedPolicy);
const INSTANCE_NEEDS = needsOf(instanceRolePolicy.Statement, REDIS_IAM_NAMES.instanceRolePolicy);

/**
 * The backup and import grants Redis documents to its own account (FACTS.md,
 * "Grants Redis documents to its own account"): the only statements naming
 * that account that a customer's bucket or key policy may hold, exactly.
 */
export const REDIS_CLOUD_ACCOUNT_GRANTS = [
    {
        where: "bucket policy",
        reason: "Redis's backup and import pages: Redis Cloud writes backups to, and reads imports from, the customer's bucket",
        principal: `arn:aws:iam::${REDIS_CLOUD_ACCOUNT_ID}:root`,
        actions: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"],
        /** `arn:aws:s3:::<bucket>/*`: the objects of one named bucket. */
        resource: /^arn:aws:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/\*$/,
    },
    {
        where: "key policy",
        reason: "the same pages, for a bucket encrypted with SSE-KMS: Redis Cloud encrypts and decrypts the objects it writes and reads",
        principal: `arn:aws:iam::${REDIS_CLOUD_ACCOUNT_ID}:root`,
        actions: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
        /** A key policy's own key. */
        resource: /^\*$/,
    },
] as const;

/** Redis's principals and what each needs, in the order messages list them. */
export const REDIS_PRINCIPALS: readonly RedisPrincipal[] = [
    {
        id: "user",
        label: REDIS_IAM_NAMES.user,
        account: "customer",
        principalArn: `arn:aws:iam::*:user/${REDIS_IAM_NAMES.user}`,
        principalArns: [`arn:aws:iam::*:user/${REDIS_IAM_NAMES.user}`],
        principalType: "User",
        username: REDIS_IAM_NAMES.user,
        needs: USER_NEEDS,
    },
    {
        id: "nodeRole",
        label: REDIS_IAM_NAMES.nodeRole,
        account: "customer",
        principalArn: `arn:aws:iam::*:role/${REDIS_IAM_NAMES.nodeRole}`,
        principalArns: [`arn:aws:iam::*:role/${REDIS_IAM_NAMES.nodeRole}`, `arn:aws:sts::*:assumed-role/${REDIS_IAM_NAMES.nodeRole}/*`],
        principalType: "AssumedRole",
        needs: INSTANCE_NEEDS,
    },
    {
        id: "consoleRole",
        label: REDIS_IAM_NAMES.consoleRole,
        account: "customer",
        principalArn: `arn:aws:iam::*:role/${REDIS_IAM_NAMES.consoleRole}`,
        principalArns: [
            `arn:aws:iam::*:role/${REDIS_IAM_NAMES.consoleRole}`,
            `arn:aws:sts::*:assumed-role/${REDIS_IAM_NAMES.consoleRole}/*`,
        ],
        principalType: "AssumedRole",
        // The component attaches either policy (core/console-role-policy.ts); a guard cannot tell which, so it needs both.
        needs: [...INSTANCE_NEEDS, ...USER_NEEDS],
    },
    {
        id: "redisCloudAccount",
        label: `Redis Cloud's account (${REDIS_CLOUD_ACCOUNT_ID})`,
        account: "redis",
        principalArn: `arn:aws:iam::${REDIS_CLOUD_ACCOUNT_ID}:*`,
        principalArns: [`arn:aws:iam::${REDIS_CLOUD_ACCOUNT_ID}:*`, `arn:aws:sts::${REDIS_CLOUD_ACCOUNT_ID}:*`, REDIS_CLOUD_ACCOUNT_ID],
        principalType: "AssumedRole",
        needs: [
            // The console role's trust (step 5): without it Redis Cloud has no console access.
            {
                action: "sts:AssumeRole",
                resource: `arn:aws:iam::*:role/${REDIS_IAM_NAMES.consoleRole}`,
                source: "the console role's trust",
            },
            ...REDIS_CLOUD_ACCOUNT_GRANTS.flatMap((grant) =>
                grant.actions.map((action) => ({ action, resource: "*", source: `Redis's documented ${grant.where} statement` })),
            ),
        ],
    },
];

/** ARNs of Redis's IAM principals and instance profile, with `*` for the account: what "power over Redis's principals" acts on. */
export const REDIS_PRINCIPAL_RESOURCE_ARNS: readonly string[] = [
    `arn:aws:iam::*:user/${REDIS_IAM_NAMES.user}`,
    `arn:aws:iam::*:role/${REDIS_IAM_NAMES.nodeRole}`,
    `arn:aws:iam::*:role/${REDIS_IAM_NAMES.consoleRole}`,
    `arn:aws:iam::*:instance-profile/${REDIS_IAM_NAMES.instanceProfile}`,
];

/** The instance profile Redis's nodes run with, as `ec2:InstanceProfile` names it. */
export const REDIS_INSTANCE_PROFILE_ARN = `arn:aws:iam::*:instance-profile/${REDIS_IAM_NAMES.instanceProfile}`;

/** Redis's principals in the customer's account: those an SCP or a boundary binds. */
export const REDIS_IN_ACCOUNT_PRINCIPALS: readonly RedisPrincipal[] = REDIS_PRINCIPALS.filter((p) => p.account === "customer");
