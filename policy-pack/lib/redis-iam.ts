/**
 * Which IAM resources concern Redis's principals, as data: the type tokens and
 * the fields through which each type names a role, user or policy. Built from
 * the canonical names in core/redis-documents.ts.
 */
import { REDIS_CLOUD_ACCOUNT_ID, REDIS_IAM_NAMES, REDIS_POLICIES, REDIS_TRUST_POLICIES } from "../../core/redis-documents";
import { readString, readStrings } from "./resource-reader";
import { rawProps } from "./sdk-internals";

/** IAM names are unique without regard to case, so a guard compares them in lower case. */
const lowerCaseSet = (names: string[]): ReadonlySet<string> => new Set(names.map((name) => name.toLowerCase()));
const REDIS_ROLE_NAMES = lowerCaseSet([REDIS_IAM_NAMES.nodeRole, REDIS_IAM_NAMES.consoleRole]);
const REDIS_USER_NAMES = lowerCaseSet([REDIS_IAM_NAMES.user]);
const REDIS_POLICY_NAMES = lowerCaseSet(Object.keys(REDIS_POLICIES));
export { REDIS_POLICIES, REDIS_TRUST_POLICIES };

type PrincipalKind = "role" | "user" | "policy";
const namesByKind: Record<PrincipalKind, ReadonlySet<string>> = {
    role: REDIS_ROLE_NAMES,
    user: REDIS_USER_NAMES,
    policy: REDIS_POLICY_NAMES,
};

/** Whether a name or an ARN (`arn:...:role/<name>`, with or without a path) is one of Redis's. */
export function isRedisName(kind: PrincipalKind, nameOrArn: string): boolean {
    const names = namesByKind[kind];
    if (names.has(nameOrArn.toLowerCase())) return true;
    const arnMatch = /^arn:[^:]+:iam::[^:]*:(role|user|policy)\/(?:.*\/)?([^/]+)$/.exec(nameOrArn);
    return arnMatch !== null && arnMatch[1] === kind && names.has(arnMatch[2].toLowerCase());
}

/**
 * A principal naming Redis: its roles or user (any path), a session of its
 * roles, or Redis Cloud's own account (by ID, or any IAM or STS ARN in it).
 * Shared by every policy that judges a grant, in a document or not.
 */
export function isRedisPrincipal(value: string): boolean {
    if (value === REDIS_CLOUD_ACCOUNT_ID) return true;
    const arn = /^arn:[^:]*:(iam|sts)::([^:]*):(.*)$/i.exec(value);
    if (!arn) return false;
    const [, service, account, resource] = arn;
    if (account === REDIS_CLOUD_ACCOUNT_ID) return true;
    const parts = resource.split("/");
    const kind = parts[0].toLowerCase();
    const name = (service.toLowerCase() === "sts" ? parts[1] : parts[parts.length - 1])?.toLowerCase() ?? "";
    if (kind === "role" || kind === "assumed-role") return REDIS_ROLE_NAMES.has(name);
    return kind === "user" && REDIS_USER_NAMES.has(name);
}

/**
 * Resource types that give a principal rights or credentials, and the fields
 * that name the principal. A Redis principal named in one of these, from
 * anywhere but a `RedisCloudIam` component, is an extra grant.
 */
export const GRANT_TYPES: Readonly<Record<string, { what: string; fields: Partial<Record<PrincipalKind, string[]>> }>> = {
    "aws:iam/rolePolicy:RolePolicy": { what: "an inline role policy", fields: { role: ["role"] } },
    "aws:iam/userPolicy:UserPolicy": { what: "an inline user policy", fields: { user: ["user"] } },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { what: "a role policy attachment", fields: { role: ["role"] } },
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": { what: "a user policy attachment", fields: { user: ["user"] } },
    "aws:iam/policyAttachment:PolicyAttachment": {
        what: "an exclusive policy attachment",
        fields: { role: ["roles"], user: ["users"], policy: ["policyArn"] },
    },
    "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive": { what: "an exclusive inline-policy list", fields: { role: ["roleName"] } },
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": {
        what: "an exclusive attachment list",
        fields: { role: ["roleName"] },
    },
    "aws:iam/userPoliciesExclusive:UserPoliciesExclusive": { what: "an exclusive inline-policy list", fields: { user: ["userName"] } },
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": {
        what: "an exclusive attachment list",
        fields: { user: ["userName"] },
    },
    "aws:iam/groupMembership:GroupMembership": { what: "a group membership", fields: { user: ["users"] } },
    "aws:iam/userGroupMembership:UserGroupMembership": { what: "a group membership", fields: { user: ["user"] } },
    "aws:iam/accessKey:AccessKey": { what: "an access key", fields: { user: ["user"] } },
    "aws:iam/userLoginProfile:UserLoginProfile": { what: "a console password", fields: { user: ["user"] } },
    "aws:iam/signingCertificate:SigningCertificate": { what: "a signing certificate", fields: { user: ["userName"] } },
    "aws:iam/sshKey:SshKey": { what: "an SSH key", fields: { user: ["username"] } },
    "aws:iam/serviceSpecificCredential:ServiceSpecificCredential": { what: "a service credential", fields: { user: ["userName"] } },
    "aws:iam/instanceProfile:InstanceProfile": { what: "an instance profile", fields: { role: ["role"] } },
};

/**
 * The field of a grant resource that names a Redis principal, if any. Reads
 * the raw inputs: a value unknown at preview (a role created in the same
 * stack) is the engine's sentinel, never a Redis name, so it is passed over
 * element by element without the SDK's advisory, and decided at `pulumi up`.
 */
export function redisPrincipalField(type: string, props: unknown): string | undefined {
    const grant = GRANT_TYPES[type];
    if (!grant) return undefined;
    props = rawProps(props);
    for (const [kind, fields] of Object.entries(grant.fields) as [PrincipalKind, string[]][]) {
        for (const field of fields) {
            if (readStrings(props, field).some((value) => isRedisName(kind, value))) return field;
        }
    }
    return undefined;
}

/**
 * The grant types a `RedisCloudIam` component itself creates. Under such a
 * parent these are expected; any other grant type is an extra grant even there.
 */
export const COMPONENT_GRANT_TYPES: ReadonlySet<string> = new Set([
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    "aws:iam/accessKey:AccessKey",
    "aws:iam/userLoginProfile:UserLoginProfile",
    "aws:iam/instanceProfile:InstanceProfile",
    // Each principal's attached and inline policies, managed exclusively: only Redis's policy, no inline policy.
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
    "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive",
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive",
    "aws:iam/userPoliciesExclusive:UserPoliciesExclusive",
]);

const byLowerCase = (names: string[]) => new Map(names.map((name) => [name.toLowerCase(), name]));
/** The named IAM resources Redis owns, by type: the field holding the AWS name, and Redis's names (by lower case). */
export const NAMED_TYPES: Readonly<Record<string, { nameField: string; names: ReadonlyMap<string, string> }>> = {
    "aws:iam/policy:Policy": { nameField: "name", names: byLowerCase(Object.keys(REDIS_POLICIES)) },
    "aws:iam/role:Role": { nameField: "name", names: byLowerCase([REDIS_IAM_NAMES.nodeRole, REDIS_IAM_NAMES.consoleRole]) },
    "aws:iam/user:User": { nameField: "name", names: byLowerCase([REDIS_IAM_NAMES.user]) },
    "aws:iam/instanceProfile:InstanceProfile": { nameField: "name", names: byLowerCase([REDIS_IAM_NAMES.instanceProfile]) },
};

/** Redis's name for a resource bearing it (in any case), if it is one of Redis's named IAM resources. */
export function redisNameOf(type: string, props: unknown): string | undefined {
    const named = NAMED_TYPES[type];
    if (!named) return undefined;
    const name = readString(rawProps(props), named.nameField); // raw: an unknown name is no Redis name until it is known
    return name === undefined ? undefined : named.names.get(name.toLowerCase());
}

/** Whether a resource is one of Redis's IAM resources: named as Redis's, or granting to a Redis principal. */
export const isRedisIamResource = (type: string, props: unknown): boolean =>
    redisNameOf(type, props) !== undefined || redisPrincipalField(type, props) !== undefined;
