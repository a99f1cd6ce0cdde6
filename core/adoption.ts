/**
 * Adoption: how `RedisCloudIam` takes over Redis's IAM resources that already
 * exist in an account (created by Redis's console steps, its CloudFormation
 * template or its Terraform module) through Pulumi's `import` resource option,
 * instead of failing on the first existing name.
 *
 * Dependency-free data, read by the component and by `npm run audit`, which
 * prints the stack config that adopts a given account.
 */
import { REDIS_IAM_NAMES } from "./redis-documents";

/**
 * The children adoption imports, named by the suffix of their Pulumi name (`<component name>-<suffix>`).
 * A const object rather than an enum, so that its string values are accepted too (as `ConsoleRolePolicy`).
 */
export const AdoptableChild = {
    /** The policy `RedisLabsInstanceRolePolicy`. */
    InstanceRolePolicy: "instance-role-policy",
    /** The EC2 node role `redislabs-cluster-node-role`. */
    NodeRole: "node-role",
    /** The node role's attachment of `RedisLabsInstanceRolePolicy`. */
    NodeRolePolicy: "node-role-policy",
    /** The instance profile `redislabs-cluster-node-role`. */
    InstanceProfile: "instance-profile",
    /** The policy `RedislabsIAMUserRestrictedPolicy`. */
    UserPolicy: "user-policy",
    /** The user `redislabs-user`. */
    User: "user",
    /** The user's attachment of `RedislabsIAMUserRestrictedPolicy`. */
    UserPolicyAttachment: "user-policy-attachment",
    /** The console role `redislabs-role`. */
    ConsoleRole: "console-role",
    /** The console role's attachment of its Redis policy. */
    ConsoleRolePolicy: "console-role-policy",
    /** The user's console password (login profile), with `consoleLogin`. */
    ConsoleLogin: "console-login",
} as const;
/** One of `AdoptableChild`'s values; a plain string such as `"instance-profile"` is accepted too. */
export type AdoptableChild = (typeof AdoptableChild)[keyof typeof AdoptableChild];

/** A 12-digit AWS account ID. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
/** The ID of a user's (long-term) access key: AKIA and 16 more. */
export const ACCESS_KEY_ID_PATTERN = /^AKIA[A-Z0-9]{16}$/;

/** The ARN of a customer-managed policy at the root path, as Redis's steps create it. */
export const customerPolicyArn = (accountId: string, policyName: string) => `arn:aws:iam::${accountId}:policy/${policyName}`;

/**
 * The import ID of each child, in the format the AWS provider documents
 * (`node_modules/@pulumi/aws/iam/*.d.ts`, "Import"): a policy by ARN, a role,
 * instance profile, user or login profile by name, an attachment as
 * `<role or user>/<policy ARN>`.
 */
export function adoptionImportIds(accountId: string, consoleRolePolicyName: string): Readonly<Record<AdoptableChild, string>> {
    const instancePolicyArn = customerPolicyArn(accountId, REDIS_IAM_NAMES.instanceRolePolicy);
    const userPolicyArn = customerPolicyArn(accountId, REDIS_IAM_NAMES.userRestrictedPolicy);
    return {
        [AdoptableChild.InstanceRolePolicy]: instancePolicyArn,
        [AdoptableChild.NodeRole]: REDIS_IAM_NAMES.nodeRole,
        [AdoptableChild.NodeRolePolicy]: `${REDIS_IAM_NAMES.nodeRole}/${instancePolicyArn}`,
        [AdoptableChild.InstanceProfile]: REDIS_IAM_NAMES.instanceProfile,
        [AdoptableChild.UserPolicy]: userPolicyArn,
        [AdoptableChild.User]: REDIS_IAM_NAMES.user,
        [AdoptableChild.UserPolicyAttachment]: `${REDIS_IAM_NAMES.user}/${userPolicyArn}`,
        [AdoptableChild.ConsoleRole]: REDIS_IAM_NAMES.consoleRole,
        [AdoptableChild.ConsoleRolePolicy]: `${REDIS_IAM_NAMES.consoleRole}/${customerPolicyArn(accountId, consoleRolePolicyName)}`,
        [AdoptableChild.ConsoleLogin]: REDIS_IAM_NAMES.user,
    };
}

const POLICY_MAY_DIFFER = ["policy", "description", "path", "tags"];
const ROLE_MAY_DIFFER = ["assumeRolePolicy", "description", "maxSessionDuration", "path", "permissionsBoundary", "tags"];
/** Attachments have nothing to ignore: their two IDs are the import ID. */
const ATTACHMENT_MAY_DIFFER: string[] = [];

/**
 * Properties that may legitimately differ in an old account, ignored while
 * adopting so that the import succeeds (Pulumi refuses an import whose inputs
 * differ from what it reads). With adoption off, the next preview shows
 * exactly these differences, and `pulumi up` converges them to Redis's documents.
 */
export const ADOPTION_IGNORE_CHANGES: Readonly<Record<AdoptableChild, readonly string[]>> = {
    [AdoptableChild.InstanceRolePolicy]: POLICY_MAY_DIFFER,
    [AdoptableChild.NodeRole]: ROLE_MAY_DIFFER,
    [AdoptableChild.NodeRolePolicy]: ATTACHMENT_MAY_DIFFER,
    [AdoptableChild.InstanceProfile]: ["role", "path", "tags"],
    [AdoptableChild.UserPolicy]: POLICY_MAY_DIFFER,
    [AdoptableChild.User]: ["path", "permissionsBoundary", "tags"],
    [AdoptableChild.UserPolicyAttachment]: ATTACHMENT_MAY_DIFFER,
    [AdoptableChild.ConsoleRole]: ROLE_MAY_DIFFER,
    [AdoptableChild.ConsoleRolePolicy]: ATTACHMENT_MAY_DIFFER,
    // The password cannot be read back; what Redis already holds stays valid.
    [AdoptableChild.ConsoleLogin]: ["pgpKey", "passwordLength", "passwordResetRequired"],
};

/**
 * The exclusive lists that make each Redis principal hold only Redis's grants
 * (`RolePolicyAttachmentsExclusive`, `RolePoliciesExclusive`, and the user's
 * two). Import ID: the principal's name, as the provider documents. Adopting,
 * each is imported with the principal it belongs to and ignores its list, since
 * an old account may hold more than Redis's grants; with adoption off, the next
 * preview shows every extra attached or inline policy as removed, and `pulumi up`
 * removes it.
 */
export const EXCLUSIVE_LIST_IGNORE_CHANGES = { attachments: ["policyArns"], inline: ["policyNames"] } as const;

/** The adopted access key (import ID: the key ID): its secret cannot be read, and it may be encrypted or inactive. */
export const ADOPTED_ACCESS_KEY_IGNORE_CHANGES: readonly string[] = ["pgpKey", "status"];

/** The generation id the audit gives an adopted access key. */
export const ADOPTED_KEY_GENERATION = "adopted";
