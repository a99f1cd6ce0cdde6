/**
 * Reads what the audit needs from an account, with the AWS SDK v3 and the
 * standard credential chain (AWS_PROFILE, environment, SSO, instance role).
 * Only Get/List/Describe calls, each named in `AUDIT_READ_ACTIONS`, whose
 * read-only policy (`auditReadOnlyPolicy`) the tests prove with the IAM simulator.
 * `AWS_ENDPOINT_URL` is honoured by the SDK itself (that is how tests use moto).
 */
import * as iam from "@aws-sdk/client-iam";
import * as organizations from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { customerPolicyArn } from "../core/adoption";
import { REDIS_IAM_NAMES, REDIS_POLICIES, REDIS_TRUST_POLICIES } from "../core/redis-documents";
import type { AccountSnapshot, AttachedPolicy, OrganizationSnapshot, RoleSnapshot, UserSnapshot } from "./snapshot";

/** One API call the audit made: the IAM action it needs, and on what. */
export interface ReadCall {
    action: string;
    resource: string;
}

/** Thrown when the account cannot be read; the CLI prints the message and exits 2. */
export class AccountReadError extends Error {}

/** IAM is global; the SDK still wants a region to sign with. */
const DEFAULT_REGION = "us-east-1";

const errorName = (error: unknown) => (error as { name?: string })?.name ?? "";
const NOT_FOUND = new Set(["NoSuchEntityException", "NoSuchEntity"]);
const ACCESS_DENIED = /AccessDenied|UnauthorizedOperation|NotAuthorized/;
const NO_CREDENTIALS = new Set(["CredentialsProviderError", "ProviderError", "TokenProviderError"]);
const UNREACHABLE = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|TimeoutError/;

/** What went wrong, as a sentence naming the cause; never the credentials themselves. */
export function describeReadError(error: unknown, call: ReadCall): string {
    const name = errorName(error);
    const code = String((error as { code?: string })?.code ?? "");
    const message = String((error as Error)?.message ?? error);
    if (NO_CREDENTIALS.has(name) || /Could not load credentials|credential/i.test(name)) {
        return "no AWS credentials found: set AWS_PROFILE (or run `aws sso login`), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY";
    }
    if (ACCESS_DENIED.test(name) || ACCESS_DENIED.test(code)) {
        return `access denied for ${call.action} on ${call.resource}: attach the audit's read-only policy (docs/audit-and-adoption.md, "Read-only policy") to the caller`;
    }
    if (/InvalidClientTokenId|SignatureDoesNotMatch|ExpiredToken|UnrecognizedClient/.test(name)) {
        return `AWS rejected the credentials (${name}) on ${call.action}: check AWS_PROFILE or refresh the session`;
    }
    if (UNREACHABLE.test(name) || UNREACHABLE.test(code) || UNREACHABLE.test(message)) {
        const endpoint = process.env.AWS_ENDPOINT_URL ? ` ${process.env.AWS_ENDPOINT_URL}` : "";
        return `AWS endpoint${endpoint} unreachable on ${call.action} (${code || name})`;
    }
    return `${call.action} on ${call.resource} failed: ${name || "error"}: ${message.split("\n")[0]}`;
}

/** An emulator's answer for a call it does not implement: not an AWS response (no AWS error name, non-XML body). */
function isUnimplemented(error: unknown): boolean {
    const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
    const message = String((error as Error)?.message ?? "");
    return (
        Boolean(process.env.AWS_ENDPOINT_URL) &&
        (status === 404 || status === 501 || /Deserialization error|not yet implemented/i.test(message))
    );
}

export class AccountReader {
    /** Every call made, in order: what the read-only policy must allow. */
    readonly calls: ReadCall[] = [];
    private readonly iam: iam.IAMClient;
    private readonly organizations: organizations.OrganizationsClient;
    private readonly sts: STSClient;
    private accountId = "";
    private partition = "aws";
    private readonly unimplemented: string[] = [];

    /**
     * Reads the caller's account, or with `target` another one: a named
     * profile of the shared config, or temporary credentials of an assumed role.
     */
    constructor(target?: { profile?: string; credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } }) {
        const config = {
            region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? DEFAULT_REGION,
            maxAttempts: 2,
            ...(target?.profile ? { profile: target.profile } : {}),
            ...(target?.credentials ? { credentials: target.credentials } : {}),
        };
        this.iam = new iam.IAMClient(config);
        this.organizations = new organizations.OrganizationsClient(config);
        this.sts = new STSClient(config);
    }

    private arn(kind: string, name: string) {
        return `arn:${this.partition}:iam::${this.accountId}:${kind}/${name}`;
    }

    /** Makes one call; `undefined` when the entity does not exist. */
    private async read<T>(call: ReadCall, send: () => Promise<T>, notFound = NOT_FOUND): Promise<T | undefined> {
        this.calls.push(call);
        try {
            return await send();
        } catch (error) {
            if (notFound.has(errorName(error))) return undefined;
            throw new AccountReadError(describeReadError(error, call));
        }
    }

    /** Follows IAM's Marker/IsTruncated pagination. */
    private async readAll<T>(
        call: ReadCall,
        page: (marker?: string) => Promise<{ items: T[]; marker?: string }>,
    ): Promise<T[] | undefined> {
        const items: T[] = [];
        let marker: string | undefined;
        do {
            const result = await this.read(call, () => page(marker));
            if (!result) return undefined;
            items.push(...result.items);
            marker = result.marker;
        } while (marker);
        return items;
    }

    async snapshot(): Promise<AccountSnapshot> {
        const identity = await this.read({ action: "sts:GetCallerIdentity", resource: "*" }, () =>
            this.sts.send(new GetCallerIdentityCommand({})),
        );
        this.accountId = identity?.Account ?? "";
        this.partition = identity?.Arn?.split(":")[1] ?? "aws";

        const policies: AccountSnapshot["policies"] = {};
        for (const name of Object.keys(REDIS_POLICIES)) policies[name] = await this.policy(name);
        const roles: AccountSnapshot["roles"] = {};
        for (const name of Object.keys(REDIS_TRUST_POLICIES)) roles[name] = await this.role(name);
        const profileName = REDIS_IAM_NAMES.instanceProfile;
        const profile = await this.read({ action: "iam:GetInstanceProfile", resource: this.arn("instance-profile", profileName) }, () =>
            this.iam.send(new iam.GetInstanceProfileCommand({ InstanceProfileName: profileName })),
        );
        return {
            accountId: this.accountId,
            policies,
            roles,
            instanceProfile: profile && { roleNames: (profile.InstanceProfile?.Roles ?? []).map((role) => role.RoleName ?? "") },
            user: await this.user(REDIS_IAM_NAMES.user),
            organization: await this.organization(),
            unimplementedCalls: this.unimplemented,
        };
    }

    private async policy(name: string) {
        const arn = customerPolicyArn(this.accountId, name).replace("arn:aws:", `arn:${this.partition}:`);
        const policy = await this.read({ action: "iam:GetPolicy", resource: arn }, () =>
            this.iam.send(new iam.GetPolicyCommand({ PolicyArn: arn })),
        );
        const versionId = policy?.Policy?.DefaultVersionId;
        if (!versionId) return undefined;
        const version = await this.read({ action: "iam:GetPolicyVersion", resource: arn }, () =>
            this.iam.send(new iam.GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId })),
        );
        return { arn, document: decodeURIComponent(version?.PolicyVersion?.Document ?? "") };
    }

    private async grants(kind: "role" | "user" | "group", name: string) {
        const resource = this.arn(kind, name);
        const attached = await this.readAll<AttachedPolicy>({ action: ATTACHED[kind].action, resource }, async (Marker) => {
            const out = await ATTACHED[kind].list(this.iam, name, Marker);
            return {
                items: (out.AttachedPolicies ?? []).map((p) => ({ name: p.PolicyName ?? "", arn: p.PolicyArn ?? "" })),
                marker: out.IsTruncated ? out.Marker : undefined,
            };
        });
        const inline = await this.readAll<string>({ action: INLINE[kind].action, resource }, async (Marker) => {
            const out = await INLINE[kind].list(this.iam, name, Marker);
            return { items: out.PolicyNames ?? [], marker: out.IsTruncated ? out.Marker : undefined };
        });
        return { attachedPolicies: attached ?? [], inlinePolicyNames: inline ?? [] };
    }

    private async role(name: string): Promise<RoleSnapshot | undefined> {
        const role = await this.read({ action: "iam:GetRole", resource: this.arn("role", name) }, () =>
            this.iam.send(new iam.GetRoleCommand({ RoleName: name })),
        );
        if (!role?.Role) return undefined;
        return {
            trust: decodeURIComponent(role.Role.AssumeRolePolicyDocument ?? ""),
            permissionsBoundaryArn: role.Role.PermissionsBoundary?.PermissionsBoundaryArn,
            ...(await this.grants("role", name)),
        };
    }

    private async user(name: string): Promise<UserSnapshot | undefined> {
        const resource = this.arn("user", name);
        const user = await this.read({ action: "iam:GetUser", resource }, () => this.iam.send(new iam.GetUserCommand({ UserName: name })));
        if (!user?.User) return undefined;
        const groupNames =
            (await this.readAll<string>({ action: "iam:ListGroupsForUser", resource }, async (Marker) => {
                const out = await this.iam.send(new iam.ListGroupsForUserCommand({ UserName: name, Marker }));
                return { items: (out.Groups ?? []).map((g) => g.GroupName ?? ""), marker: out.IsTruncated ? out.Marker : undefined };
            })) ?? [];
        const groups = [];
        for (const group of groupNames) groups.push({ name: group, ...(await this.grants("group", group)) });
        const keys =
            (
                await this.read({ action: "iam:ListAccessKeys", resource }, () =>
                    this.iam.send(new iam.ListAccessKeysCommand({ UserName: name })),
                )
            )?.AccessKeyMetadata ?? [];
        const accessKeys = [];
        for (const key of keys) {
            const used = await this.read({ action: "iam:GetAccessKeyLastUsed", resource }, () =>
                this.iam.send(new iam.GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId })),
            );
            accessKeys.push({
                id: key.AccessKeyId ?? "",
                active: key.Status === "Active",
                created: key.CreateDate ?? new Date(0),
                lastUsed: used?.AccessKeyLastUsed?.LastUsedDate,
            });
        }
        const loginProfile = await this.read({ action: "iam:GetLoginProfile", resource }, () =>
            this.iam.send(new iam.GetLoginProfileCommand({ UserName: name })),
        );
        const ssh = await this.read({ action: "iam:ListSSHPublicKeys", resource }, () =>
            this.iam.send(new iam.ListSSHPublicKeysCommand({ UserName: name })),
        );
        const certificates = await this.read({ action: "iam:ListSigningCertificates", resource }, () =>
            this.iam.send(new iam.ListSigningCertificatesCommand({ UserName: name })),
        );
        return {
            permissionsBoundaryArn: user.User.PermissionsBoundary?.PermissionsBoundaryArn,
            ...(await this.grants("user", name)),
            groups,
            accessKeys,
            loginProfile: Boolean(loginProfile?.LoginProfile),
            sshPublicKeyIds: (ssh?.SSHPublicKeys ?? []).map((k) => k.SSHPublicKeyId ?? ""),
            serviceSpecificCredentialIds: await this.serviceSpecificCredentials(name, resource),
            signingCertificateIds: (certificates?.Certificates ?? []).map((c) => c.CertificateId ?? ""),
        };
    }

    /** `undefined` (and noted) when the endpoint is an emulator that does not implement the call. */
    private async serviceSpecificCredentials(name: string, resource: string): Promise<string[] | undefined> {
        const call = { action: "iam:ListServiceSpecificCredentials", resource };
        this.calls.push(call);
        try {
            const out = await this.iam.send(new iam.ListServiceSpecificCredentialsCommand({ UserName: name }));
            return (out.ServiceSpecificCredentials ?? []).map((c) => c.ServiceSpecificCredentialId ?? "");
        } catch (error) {
            if (!isUnimplemented(error)) throw new AccountReadError(describeReadError(error, call));
            this.unimplemented.push(call.action);
            return undefined;
        }
    }

    /** Which SCPs apply to the account: its own, its OUs' and the root's. Unreadable unless the caller may read Organizations. */
    private async organization(): Promise<OrganizationSnapshot> {
        const send = async <T>(call: ReadCall, request: () => Promise<T>): Promise<T | { unreadable: string }> => {
            this.calls.push(call);
            try {
                return await request();
            } catch (error) {
                const name = errorName(error);
                if (name === "AWSOrganizationsNotInUseException") return { unreadable: "not-in-organization" };
                if (ACCESS_DENIED.test(name) || isUnimplemented(error)) return { unreadable: `${call.action}: ${name || "not answered"}` };
                throw new AccountReadError(describeReadError(error, call));
            }
        };
        const described = await send({ action: "organizations:DescribeOrganization", resource: "*" }, () =>
            this.organizations.send(new organizations.DescribeOrganizationCommand({})),
        );
        if ("unreadable" in described) {
            return described.unreadable === "not-in-organization"
                ? { readable: true, inOrganization: false }
                : { readable: false, reason: described.unreadable };
        }
        const names: string[] = [];
        const { Id: orgId, MasterAccountId: managementAccount } = described.Organization ?? {};
        // Organizations authorises these calls on the target's ARN: account, OU or root.
        const targetArn = (targetId: string) => {
            const kind = targetId.startsWith("r-") ? "root" : targetId.startsWith("ou-") ? "ou" : "account";
            return `arn:${this.partition}:organizations::${managementAccount}:${kind}/${orgId}/${targetId}`;
        };
        const policiesOf = async (targetId: string) => {
            const out = await send({ action: "organizations:ListPoliciesForTarget", resource: targetArn(targetId) }, () =>
                this.organizations.send(
                    new organizations.ListPoliciesForTargetCommand({ TargetId: targetId, Filter: "SERVICE_CONTROL_POLICY" }),
                ),
            );
            if ("unreadable" in out) return out.unreadable;
            names.push(...(out.Policies ?? []).map((policy) => policy.Name ?? ""));
            return undefined;
        };
        // Up from the account through its OUs to the root: an SCP applies wherever it is attached on that path.
        let child = this.accountId;
        for (;;) {
            const unreadable = await policiesOf(child);
            if (unreadable) return { readable: false, reason: unreadable };
            const current = child;
            const parents = await send({ action: "organizations:ListParents", resource: targetArn(current) }, () =>
                this.organizations.send(new organizations.ListParentsCommand({ ChildId: current })),
            );
            if ("unreadable" in parents) return { readable: false, reason: parents.unreadable };
            const parent = parents.Parents?.[0];
            if (!parent?.Id) break;
            if (parent.Type === "ROOT") {
                const rootUnreadable = await policiesOf(parent.Id);
                if (rootUnreadable) return { readable: false, reason: rootUnreadable };
                break;
            }
            child = parent.Id;
        }
        return { readable: true, inOrganization: true, serviceControlPolicyNames: names };
    }
}

type Page = { IsTruncated?: boolean; Marker?: string };
type Lister<T> = { action: string; list: (client: iam.IAMClient, name: string, marker?: string) => Promise<T & Page> };

/** The attached-policy listing per principal kind. */
const ATTACHED: Record<"role" | "user" | "group", Lister<{ AttachedPolicies?: iam.AttachedPolicy[] }>> = {
    role: {
        action: "iam:ListAttachedRolePolicies",
        list: (client, name, Marker) => client.send(new iam.ListAttachedRolePoliciesCommand({ RoleName: name, Marker })),
    },
    user: {
        action: "iam:ListAttachedUserPolicies",
        list: (client, name, Marker) => client.send(new iam.ListAttachedUserPoliciesCommand({ UserName: name, Marker })),
    },
    group: {
        action: "iam:ListAttachedGroupPolicies",
        list: (client, name, Marker) => client.send(new iam.ListAttachedGroupPoliciesCommand({ GroupName: name, Marker })),
    },
};

/** The inline-policy listing per principal kind. */
const INLINE: Record<"role" | "user" | "group", Lister<{ PolicyNames?: string[] }>> = {
    role: {
        action: "iam:ListRolePolicies",
        list: (client, name, Marker) => client.send(new iam.ListRolePoliciesCommand({ RoleName: name, Marker })),
    },
    user: {
        action: "iam:ListUserPolicies",
        list: (client, name, Marker) => client.send(new iam.ListUserPoliciesCommand({ UserName: name, Marker })),
    },
    group: {
        action: "iam:ListGroupPolicies",
        list: (client, name, Marker) => client.send(new iam.ListGroupPoliciesCommand({ GroupName: name, Marker })),
    },
};

/** A role's temporary credentials for auditing its account; the caller needs `sts:AssumeRole` on it. */
export async function assumeRoleCredentials(
    roleArn: string,
): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }> {
    const sts = new STSClient({ region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? DEFAULT_REGION, maxAttempts: 2 });
    const call = { action: "sts:AssumeRole", resource: roleArn };
    try {
        const { Credentials: c } = await sts.send(
            new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "redis-cloud-byoc-aws-audit" }),
        );
        if (!c?.AccessKeyId || !c.SecretAccessKey) throw new AccountReadError(`sts:AssumeRole on ${roleArn} returned no credentials`);
        return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
    } catch (error) {
        if (error instanceof AccountReadError) throw error;
        throw new AccountReadError(describeReadError(error, call));
    }
}
