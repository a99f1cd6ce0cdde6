/**
 * What the audit reads from an account: plain data, so that the findings are
 * a pure function of it (and testable without AWS).
 */

/** A managed policy attached to a principal. */
export interface AttachedPolicy {
    name: string;
    arn: string;
}

/** Everything that grants a principal rights. */
export interface Grants {
    attachedPolicies: AttachedPolicy[];
    inlinePolicyNames: string[];
    permissionsBoundaryArn?: string;
}

export interface PolicySnapshot {
    arn: string;
    /** The default version's document, as IAM returns it (URL-decoded JSON text). */
    document: string;
}

export interface RoleSnapshot extends Grants {
    /** The trust policy, as IAM returns it (URL-decoded JSON text). */
    trust: string;
}

export interface InstanceProfileSnapshot {
    roleNames: string[];
}

export interface AccessKeySnapshot {
    id: string;
    active: boolean;
    created: Date;
    /** Absent when the key was never used. */
    lastUsed?: Date;
}

export interface GroupSnapshot {
    name: string;
    attachedPolicies: AttachedPolicy[];
    inlinePolicyNames: string[];
}

export interface UserSnapshot extends Grants {
    groups: GroupSnapshot[];
    accessKeys: AccessKeySnapshot[];
    loginProfile: boolean;
    sshPublicKeyIds: string[];
    /** IDs of service-specific credentials (CodeCommit, Keyspaces, ...); `undefined` when the endpoint could not list them. */
    serviceSpecificCredentialIds?: string[];
    signingCertificateIds: string[];
}

/** What AWS Organizations said, when the caller may read it. */
export type OrganizationSnapshot =
    | { readable: false; reason: string }
    | { readable: true; inOrganization: false }
    | { readable: true; inOrganization: true; serviceControlPolicyNames: string[] };

export interface AccountSnapshot {
    accountId: string;
    /** `undefined` for each Redis resource that does not exist. */
    policies: Record<string, PolicySnapshot | undefined>;
    roles: Record<string, RoleSnapshot | undefined>;
    instanceProfile?: InstanceProfileSnapshot;
    user?: UserSnapshot;
    organization: OrganizationSnapshot;
    /** Calls this endpoint does not implement (an emulator); what they would have read is not checked. */
    unimplementedCalls: string[];
}
