/**
 * The audit's judgement: findings and the adoption config, as a pure function
 * of what was read from the account. Stable codes and severities live in the
 * tables below; messages name AWS resources and Redis's public document text,
 * never a secret (none is ever read).
 */
import { ADOPTED_KEY_GENERATION, AdoptableChild } from "../core/adoption";
import { CONSOLE_ROLE_POLICY_NAMES } from "../core/console-role-policy";
import { describePolicyDifferences, normalizePolicy } from "../core/policy-document";
import { REDIS_IAM_NAMES, REDIS_POLICIES, REDIS_TRUST_POLICIES } from "../core/redis-documents";
import type { AccessKeySnapshot, AccountSnapshot, AttachedPolicy, Grants, RoleSnapshot } from "./snapshot";

export enum FindingCode {
    MissingResource = "missing-resource",
    PolicyNotCanonical = "policy-not-canonical",
    TrustNotCanonical = "trust-not-canonical",
    InstanceProfileRole = "instance-profile-role",
    ConsoleRolePolicy = "console-role-policy",
    ExtraGrant = "extra-grant",
    ExtraCredential = "extra-credential",
    AccessKeyAge = "access-key-age",
    AccessKeyUnused = "access-key-unused",
    TwoActiveKeys = "two-active-keys",
    NoGuardrail = "no-guardrail",
}

export enum Severity {
    Info = "info",
    Low = "low",
    Medium = "medium",
    High = "high",
    Critical = "critical",
}

/** Lowest first; the exit code is 1 when a finding is at `FAILING_SEVERITY` or above. */
export const SEVERITY_ORDER: readonly Severity[] = [Severity.Info, Severity.Low, Severity.Medium, Severity.High, Severity.Critical];
export const FAILING_SEVERITY = Severity.High;
export const failsAudit = (finding: Finding) => SEVERITY_ORDER.indexOf(finding.severity) >= SEVERITY_ORDER.indexOf(FAILING_SEVERITY);

export interface Finding {
    code: FindingCode;
    severity: Severity;
    /** The AWS resource concerned, by name (an access key by `<user>/<key ID>`, the account by `account/<ID>`). */
    resource: string;
    message: string;
    /**
     * The AWS CLI command that removes what the finding is about, where
     * `RedisCloudIam` cannot (a group membership, a credential it did not
     * make) or before it does (an attached or inline policy, which its
     * exclusive lists remove at the next `pulumi up`). The message ends with it too.
     */
    command?: string;
    /**
     * True when RedisCloudIam's exclusive lists remove it at the next `pulumi up`
     * (an extra attached or inline policy on one of Redis's principals): the
     * plan's adoption review reads this field, never the message's wording.
     */
    removedByPulumiUp?: true;
}

/** The exact AWS CLI commands that remove an extra grant or credential from Redis's principals. */
export const REMOVAL_COMMANDS = {
    detachRolePolicy: (role: string, arn: string) => `aws iam detach-role-policy --role-name ${role} --policy-arn ${arn}`,
    deleteRolePolicy: (role: string, name: string) => `aws iam delete-role-policy --role-name ${role} --policy-name ${name}`,
    detachUserPolicy: (user: string, arn: string) => `aws iam detach-user-policy --user-name ${user} --policy-arn ${arn}`,
    deleteUserPolicy: (user: string, name: string) => `aws iam delete-user-policy --user-name ${user} --policy-name ${name}`,
    removeFromGroup: (user: string, group: string) => `aws iam remove-user-from-group --user-name ${user} --group-name ${group}`,
    deleteSshKey: (user: string, id: string) => `aws iam delete-ssh-public-key --user-name ${user} --ssh-public-key-id ${id}`,
    deleteServiceCredential: (user: string, id: string) =>
        `aws iam delete-service-specific-credential --user-name ${user} --service-specific-credential-id ${id}`,
    deleteSigningCertificate: (user: string, id: string) => `aws iam delete-signing-certificate --user-name ${user} --certificate-id ${id}`,
    deleteLoginProfile: (user: string) => `aws iam delete-login-profile --user-name ${user}`,
    retireAccessKey: (user: string, id: string) =>
        `aws iam update-access-key --user-name ${user} --access-key-id ${id} --status Inactive && aws iam delete-access-key --user-name ${user} --access-key-id ${id}`,
} as const;

/** A finding whose message ends with the command that removes its cause. */
const withCommand = (finding: Omit<Finding, "command">, command: string, how = "remove it with"): Finding => ({
    ...finding,
    message: `${finding.message}; ${how} \`${command}\``,
    command,
});

/** The stack config that adopts this account's existing resources (see docs/audit-and-adoption.md, "Adopt"). */
export type AdoptConfig = Partial<{
    adoptAccountId: string;
    adoptAccessKeyId: string;
    accessKeyGenerations: string[];
    consoleRolePolicy: string;
    consoleLogin: boolean;
    adoptCreate: string[];
}>;

export interface AuditReport {
    account: string;
    findings: Finding[];
    adopt: AdoptConfig;
}

export interface AuditOptions {
    now: Date;
    maxKeyAgeDays: number;
    /** SCPs with this name, or this name and `-<n>` (a split guardrail), count as the guardrail. */
    guardrailPolicyName: string;
}

/** The `consoleRolePolicy` choice behind each Redis policy on the console role: the component's table, inverted. */
export const CONSOLE_ROLE_POLICY_CHOICES: Readonly<Record<string, string>> = Object.fromEntries(
    Object.entries(CONSOLE_ROLE_POLICY_NAMES).map(([choice, policyName]) => [policyName, choice]),
);

/** When both are attached, adoption keeps the one Redis's current docs and its CloudFormation template attach. */
const PREFERRED_CONSOLE_POLICY = REDIS_IAM_NAMES.userRestrictedPolicy;

/** AWS-managed policies that make an extra grant critical: each hands over the account, or IAM in it. */
const CRITICAL_MANAGED_POLICIES = new Set(["AdministratorAccess", "IAMFullAccess", "PowerUserAccess"]);

/** The Redis policy each principal must carry, and the child whose import is that attachment. */
const REQUIRED_ATTACHMENTS: readonly { principal: string; policy: string; child: AdoptableChild }[] = [
    { principal: REDIS_IAM_NAMES.nodeRole, policy: REDIS_IAM_NAMES.instanceRolePolicy, child: AdoptableChild.NodeRolePolicy },
    { principal: REDIS_IAM_NAMES.user, policy: REDIS_IAM_NAMES.userRestrictedPolicy, child: AdoptableChild.UserPolicyAttachment },
];

/** Which child each Redis resource is, for `adoptCreate` when it is missing. */
const CHILD_OF_RESOURCE: Readonly<Record<string, AdoptableChild>> = {
    [REDIS_IAM_NAMES.instanceRolePolicy]: AdoptableChild.InstanceRolePolicy,
    [REDIS_IAM_NAMES.userRestrictedPolicy]: AdoptableChild.UserPolicy,
    [REDIS_IAM_NAMES.nodeRole]: AdoptableChild.NodeRole,
    [REDIS_IAM_NAMES.consoleRole]: AdoptableChild.ConsoleRole,
};

const DAY_MS = 86_400_000;

/** How a finding names its resource: IAM's `<kind>/<name>`, as in the resource's ARN. */
const POLICY = (name: string) => `policy/${name}`;
const ROLE = (name: string) => `role/${name}`;
const USER = `user/${REDIS_IAM_NAMES.user}`;
const INSTANCE_PROFILE = `instance-profile/${REDIS_IAM_NAMES.instanceProfile}`;
const ACCESS_KEY = (id: string) => `${USER}/access-key/${id}`;

function trustFinding(roleName: string, role: RoleSnapshot): Finding | undefined {
    const differences = describePolicyDifferences(role.trust, REDIS_TRUST_POLICIES[roleName]);
    if (differences.length === 0) return undefined;
    const statements = normalizePolicy(role.trust) ?? [];
    const allows = statements.filter((statement) => statement.effect === "Allow");
    const causes: string[] = [];
    if (
        allows.some((statement) =>
            Object.values(statement.condition).some((keys) => Object.keys(keys).some((k) => /^sts:externalid$/i.test(k))),
        )
    ) {
        causes.push("it requires an sts:ExternalId, which Redis Cloud does not send, so Redis cannot assume it");
    }
    const withoutMfa =
        roleName === REDIS_IAM_NAMES.consoleRole &&
        allows.some((statement) => statement.condition.Bool?.["aws:MultiFactorAuthPresent"]?.join() !== "true");
    if (withoutMfa) causes.push("a statement allows assuming it without MFA");
    return {
        code: FindingCode.TrustNotCanonical,
        severity: withoutMfa ? Severity.Critical : Severity.High,
        resource: ROLE(roleName),
        message: `trust policy differs from Redis's: ${[...causes, ...differences].join("; ")}`,
    };
}

/** Extra grants on a principal: every attachment and inline policy beyond `expected`, and its boundary (reported, not judged). */
function extraGrants(principal: string, grants: Grants, expected: readonly string[]): Finding[] {
    // `role/<name>` or `user/<name>`: RedisCloudIam's exclusive lists remove these at the next `pulumi up`; before that, by hand.
    const [kind, name] = principal.split("/");
    const isRole = kind === "role";
    const how = "RedisCloudIam removes it at its next `pulumi up`, or by hand:";
    const findings: Finding[] = grants.attachedPolicies
        .filter((policy) => !expected.includes(policy.name))
        .map((policy) =>
            withCommand(
                {
                    code: FindingCode.ExtraGrant,
                    severity: isCriticalPolicy(policy) ? Severity.Critical : Severity.High,
                    resource: principal,
                    message: `has policy ${policy.arn} attached, which is not Redis's`,
                    removedByPulumiUp: true,
                },
                isRole ? REMOVAL_COMMANDS.detachRolePolicy(name, policy.arn) : REMOVAL_COMMANDS.detachUserPolicy(name, policy.arn),
                how,
            ),
        );
    for (const inline of grants.inlinePolicyNames) {
        findings.push(
            withCommand(
                {
                    code: FindingCode.ExtraGrant,
                    severity: Severity.High,
                    resource: principal,
                    message: `has inline policy "${inline}", which is not Redis's`,
                    removedByPulumiUp: true,
                },
                isRole ? REMOVAL_COMMANDS.deleteRolePolicy(name, inline) : REMOVAL_COMMANDS.deleteUserPolicy(name, inline),
                how,
            ),
        );
    }
    if (grants.permissionsBoundaryArn) {
        findings.push({
            code: FindingCode.ExtraGrant,
            severity: Severity.Info,
            resource: principal,
            message: `has permissions boundary ${grants.permissionsBoundaryArn} (reported, not judged: it only narrows; check it allows what Redis's policies allow)`,
        });
    }
    return findings;
}

const isCriticalPolicy = (policy: AttachedPolicy) => policy.arn.includes(":iam::aws:policy/") && CRITICAL_MANAGED_POLICIES.has(policy.name);

/** The key adoption imports: the one Redis most likely holds (last used, then newest). */
function keyToAdopt(keys: AccessKeySnapshot[]): AccessKeySnapshot | undefined {
    const time = (date?: Date) => date?.getTime() ?? -1;
    return [...keys].sort((a, b) => time(b.lastUsed) - time(a.lastUsed) || b.created.getTime() - a.created.getTime())[0];
}

export function auditAccount(snapshot: AccountSnapshot, options: AuditOptions): AuditReport {
    const findings: Finding[] = [];
    const adoptCreate = new Set<AdoptableChild>();
    const missing = (resource: string, message: string, child: AdoptableChild) => {
        findings.push({ code: FindingCode.MissingResource, severity: Severity.High, resource, message });
        adoptCreate.add(child);
    };

    for (const [name, canonical] of Object.entries(REDIS_POLICIES)) {
        const policy = snapshot.policies[name];
        if (!policy) {
            missing(POLICY(name), "customer-managed policy does not exist", CHILD_OF_RESOURCE[name]);
            continue;
        }
        const differences = describePolicyDifferences(policy.document, canonical);
        if (differences.length) {
            findings.push({
                code: FindingCode.PolicyNotCanonical,
                severity: Severity.High,
                resource: POLICY(name),
                message: `default version differs from Redis's document: ${differences.join("; ")}`,
            });
        }
    }

    const redisPolicyNames = Object.keys(REDIS_POLICIES);
    for (const roleName of Object.keys(REDIS_TRUST_POLICIES)) {
        const role = snapshot.roles[roleName];
        if (!role) {
            missing(ROLE(roleName), "role does not exist", CHILD_OF_RESOURCE[roleName]);
            continue;
        }
        const trust = trustFinding(roleName, role);
        if (trust) findings.push(trust);
    }

    const nodeRole = snapshot.roles[REDIS_IAM_NAMES.nodeRole];
    if (nodeRole) findings.push(...extraGrants(ROLE(REDIS_IAM_NAMES.nodeRole), nodeRole, [REDIS_IAM_NAMES.instanceRolePolicy]));

    let consoleRolePolicy: string | undefined;
    const consoleRole = snapshot.roles[REDIS_IAM_NAMES.consoleRole];
    if (consoleRole) {
        const redisAttached = consoleRole.attachedPolicies.map((p) => p.name).filter((name) => redisPolicyNames.includes(name));
        if (redisAttached.length === 1) consoleRolePolicy = CONSOLE_ROLE_POLICY_CHOICES[redisAttached[0]];
        if (redisAttached.length === 0) {
            findings.push({
                code: FindingCode.ConsoleRolePolicy,
                severity: Severity.Medium,
                resource: ROLE(REDIS_IAM_NAMES.consoleRole),
                message: `has neither ${redisPolicyNames.join(" nor ")} attached: Redis's console access through it cannot work`,
            });
            adoptCreate.add(AdoptableChild.ConsoleRolePolicy);
        }
        if (redisAttached.length === 2) {
            consoleRolePolicy = CONSOLE_ROLE_POLICY_CHOICES[PREFERRED_CONSOLE_POLICY];
            findings.push({
                code: FindingCode.ConsoleRolePolicy,
                severity: Severity.Medium,
                resource: ROLE(REDIS_IAM_NAMES.consoleRole),
                message: `has both Redis policies attached; Redis's documents attach one. Adoption keeps ${PREFERRED_CONSOLE_POLICY} (consoleRolePolicy "${consoleRolePolicy}"); detach the other`,
            });
        }
        findings.push(...extraGrants(ROLE(REDIS_IAM_NAMES.consoleRole), consoleRole, redisPolicyNames));
    }

    if (!snapshot.instanceProfile) {
        missing(
            INSTANCE_PROFILE,
            "instance profile does not exist (the AWS console creates it silently with the role; the API and IaC tools do not), so Redis cannot launch its nodes with the role",
            AdoptableChild.InstanceProfile,
        );
    } else {
        const roles = snapshot.instanceProfile.roleNames;
        if (roles.length !== 1 || roles[0] !== REDIS_IAM_NAMES.nodeRole) {
            findings.push({
                code: FindingCode.InstanceProfileRole,
                severity: Severity.High,
                resource: INSTANCE_PROFILE,
                message: roles.length
                    ? `instance profile holds role ${roles.join(", ")} instead of ${REDIS_IAM_NAMES.nodeRole}`
                    : `instance profile holds no role; it must hold ${REDIS_IAM_NAMES.nodeRole}`,
            });
        }
    }

    const user = snapshot.user;
    let adoptedKey: AccessKeySnapshot | undefined;
    if (!user) {
        missing(USER, "user does not exist", AdoptableChild.User);
    } else {
        findings.push(...extraGrants(USER, user, [REDIS_IAM_NAMES.userRestrictedPolicy]));
        for (const group of user.groups) {
            const policies = [...group.attachedPolicies.map((p) => p.arn), ...group.inlinePolicyNames.map((name) => `inline "${name}"`)];
            // No exclusive list covers group memberships: RedisCloudIam cannot remove one.
            findings.push(
                withCommand(
                    {
                        code: FindingCode.ExtraGrant,
                        severity: group.attachedPolicies.some(isCriticalPolicy)
                            ? Severity.Critical
                            : policies.length
                              ? Severity.High
                              : Severity.Low,
                        resource: USER,
                        message: `is a member of group "${group.name}"${policies.length ? `, which grants ${policies.join(", ")}` : " (no policies)"}`,
                    },
                    REMOVAL_COMMANDS.removeFromGroup(REDIS_IAM_NAMES.user, group.name),
                ),
            );
        }
        // Credentials RedisCloudIam did not make are not its to remove.
        const credential = (severity: Severity, message: string, command: string, how?: string) =>
            findings.push(withCommand({ code: FindingCode.ExtraCredential, severity, resource: USER, message }, command, how));
        if (user.loginProfile) {
            credential(
                Severity.Low,
                "has a console password (login profile); Redis's API registration and its CloudFormation template use one, the console steps do not",
                REMOVAL_COMMANDS.deleteLoginProfile(REDIS_IAM_NAMES.user),
                "without consoleLogin, remove it with",
            );
        }
        for (const id of user.sshPublicKeyIds)
            credential(
                Severity.High,
                `has SSH public key ${id} (for CodeCommit), which Redis never uses`,
                REMOVAL_COMMANDS.deleteSshKey(REDIS_IAM_NAMES.user, id),
            );
        for (const id of user.serviceSpecificCredentialIds ?? []) {
            credential(
                Severity.High,
                `has service-specific credential ${id}, which Redis never uses`,
                REMOVAL_COMMANDS.deleteServiceCredential(REDIS_IAM_NAMES.user, id),
            );
        }
        for (const id of user.signingCertificateIds)
            credential(
                Severity.High,
                `has signing certificate ${id}, which Redis never uses`,
                REMOVAL_COMMANDS.deleteSigningCertificate(REDIS_IAM_NAMES.user, id),
            );

        const active = user.accessKeys.filter((key) => key.active);
        if (active.length > 1) {
            // The key Redis does not hold: the one never used, when exactly one is; otherwise the caller must say which.
            const unused = active.filter((key) => !key.lastUsed);
            const other = unused.length === 1 ? unused[0].id : "<the key Redis Cloud does not hold>";
            findings.push(
                withCommand(
                    {
                        code: FindingCode.TwoActiveKeys,
                        severity: Severity.Medium,
                        resource: USER,
                        message: `has ${active.length} active access keys (${active.map((k) => k.id).join(", ")}); Redis holds one. Deactivate and delete the other before adopting: IAM allows two keys per user and adoption creates a new one`,
                    },
                    REMOVAL_COMMANDS.retireAccessKey(REDIS_IAM_NAMES.user, other),
                    unused.length === 1 ? "the never-used one goes with" : "the other goes with",
                ),
            );
        }
        for (const key of active) {
            const ageDays = (options.now.getTime() - key.created.getTime()) / DAY_MS;
            if (ageDays > options.maxKeyAgeDays) {
                findings.push({
                    code: FindingCode.AccessKeyAge,
                    severity: Severity.Medium,
                    resource: ACCESS_KEY(key.id),
                    message: `active access key is ${Math.floor(ageDays)} days old (more than ${options.maxKeyAgeDays}); rotate it (docs/rotation.md)`,
                });
            }
            if (!key.lastUsed) {
                findings.push({
                    code: FindingCode.AccessKeyUnused,
                    severity: Severity.Low,
                    resource: ACCESS_KEY(key.id),
                    message: "active access key has never been used: Redis Cloud may not hold it",
                });
            }
        }
        adoptedKey = keyToAdopt(active);
    }

    for (const { principal, policy, child } of REQUIRED_ATTACHMENTS) {
        const grants: Grants | undefined = principal === REDIS_IAM_NAMES.user ? snapshot.user : snapshot.roles[principal];
        if (!grants) adoptCreate.add(child);
        else if (!grants.attachedPolicies.some((attached) => attached.name === policy)) {
            missing(principal === REDIS_IAM_NAMES.user ? USER : ROLE(principal), `does not have ${policy} attached`, child);
        }
    }
    if (!consoleRole) adoptCreate.add(AdoptableChild.ConsoleRolePolicy);

    const organization = snapshot.organization;
    if (organization.readable) {
        const pattern = new RegExp(`^${options.guardrailPolicyName.replace(/[.*+?^$(){}|[\]\\]/g, "\\$&")}(-\\d+)?$`);
        const guarded = organization.inOrganization && organization.serviceControlPolicyNames.some((name) => pattern.test(name));
        if (!guarded) {
            findings.push({
                code: FindingCode.NoGuardrail,
                severity: Severity.Medium,
                resource: `account/${snapshot.accountId}`,
                message: organization.inOrganization
                    ? `no service control policy named ${options.guardrailPolicyName} applies to the account (RedisManagedGuardrail, docs/guardrail.md)`
                    : "the account is in no organization, so no RedisManagedGuardrail SCP can protect Redis's resources",
            });
        }
    }

    return { account: snapshot.accountId, findings, adopt: adoptConfig(snapshot, adoptCreate, consoleRolePolicy, adoptedKey) };
}

/** The stack config that adopts what exists and creates what is missing; `{}` when nothing of Redis's exists. */
function adoptConfig(
    snapshot: AccountSnapshot,
    adoptCreate: Set<AdoptableChild>,
    consoleRolePolicy: string | undefined,
    key: AccessKeySnapshot | undefined,
): AdoptConfig {
    const anyExists =
        Object.values(snapshot.policies).some(Boolean) ||
        Object.values(snapshot.roles).some(Boolean) ||
        snapshot.instanceProfile ||
        snapshot.user;
    if (!anyExists) return {};
    const adopt: AdoptConfig = { adoptAccountId: snapshot.accountId };
    if (key) {
        adopt.adoptAccessKeyId = key.id;
        adopt.accessKeyGenerations = [ADOPTED_KEY_GENERATION, "1"];
    }
    if (consoleRolePolicy) adopt.consoleRolePolicy = consoleRolePolicy;
    if (snapshot.user?.loginProfile) adopt.consoleLogin = true;
    // A missing policy means its attachments are missing too; they were added above with it.
    const create = Object.values(AdoptableChild).filter((child) => adoptCreate.has(child));
    if (create.length) adopt.adoptCreate = create;
    return adopt;
}
