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

/** The children adoption imports, named by the suffix of their Pulumi name (`<component name>-<suffix>`). */
export enum AdoptableChild {
    InstanceRolePolicy = "instance-role-policy",
    NodeRole = "node-role",
    NodeRolePolicy = "node-role-policy",
    InstanceProfile = "instance-profile",
    UserPolicy = "user-policy",
    User = "user",
    UserPolicyAttachment = "user-policy-attachment",
    ConsoleRole = "console-role",
    ConsoleRolePolicy = "console-role-policy",
    ConsoleLogin = "console-login",
}

/** A 12-digit AWS account ID. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
/** An IAM access key ID of a user (long-term keys start with AKIA). */
export const ACCESS_KEY_ID_PATTERN = /^AKIA[A-Z0-9]{12,124}$/;

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

/**
 * Properties that may legitimately differ in an old account, ignored while
 * adopting so that the import succeeds (Pulumi refuses an import whose inputs
 * differ from what it reads). With adoption off, the next preview shows
 * exactly these differences, and `pulumi up` converges them to Redis's documents.
 * Attachments have nothing to ignore: their two IDs are the import ID.
 */
export const ADOPTION_IGNORE_CHANGES: Readonly<Record<string, readonly string[]>> = {
    "aws:iam/policy:Policy": ["policy", "description", "path", "tags"],
    "aws:iam/role:Role": ["assumeRolePolicy", "description", "maxSessionDuration", "path", "permissionsBoundary", "tags"],
    "aws:iam/instanceProfile:InstanceProfile": ["role", "path", "tags"],
    "aws:iam/user:User": ["path", "permissionsBoundary", "tags"],
    "aws:iam/accessKey:AccessKey": ["pgpKey", "status"],
    "aws:iam/userLoginProfile:UserLoginProfile": ["pgpKey", "passwordLength", "passwordResetRequired"],
};

/** The generation id the audit gives an adopted access key. */
export const ADOPTED_KEY_GENERATION = "adopted";
