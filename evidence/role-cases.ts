/** What the node role and the console role (once per `consoleRolePolicy` choice) may and may not do. */
import type { IamAction } from "../core/policy-document";
import { ConsoleRolePolicy } from "../core/console-role-policy";
import {
    AccessCase,
    CREATE_VOLUME_FINDING,
    GRANT_FOR_AWS_RESOURCE,
    INSTANCE,
    KMS_KEY,
    NEW_USER_ARN,
    NODE_ROLE,
    NODE_ROLE_ARN,
    NO_CONTEXT,
    PASSED_TO_EC2,
    RequestContext,
    S3_OBJECT,
    SNAPSHOT,
    TAGGED,
    USER_ARN,
    VOLUME,
    Verdict,
    WITH_REQUEST_TAG,
    consoleRolePrincipal,
} from "./access-requests";

export const NODE_ROLE_CASES: AccessCase[] = [
    {
        principal: NODE_ROLE,
        action: "ec2:DescribeVolumes",
        resource: "*",
        context: NO_CONTEXT,
        expected: "Allowed",
        why: "DescribeReadOnlyEc2Resources.",
    },
    {
        principal: NODE_ROLE,
        action: "ec2:AttachVolume",
        resource: VOLUME,
        context: TAGGED,
        expected: "Allowed",
        why: "EC2EBSActions allows it on volumes tagged for Redis.",
    },
    {
        principal: NODE_ROLE,
        action: "ec2:AttachVolume",
        resource: INSTANCE,
        context: TAGGED,
        expected: "Allowed",
        why: "AttachVolume also names the instance, which must be tagged too.",
    },
    {
        principal: NODE_ROLE,
        action: "ec2:AttachVolume",
        resource: VOLUME,
        context: NO_CONTEXT,
        expected: "ImplicitlyDenied",
        why: "The customer's own untagged volumes cannot be attached.",
    },
    {
        principal: NODE_ROLE,
        action: "ec2:CreateVolume",
        resource: SNAPSHOT,
        context: TAGGED,
        expected: "Allowed",
        why: "EC2EBSActions allows the tagged source snapshot of a new volume.",
    },
    {
        principal: NODE_ROLE,
        action: "ec2:CreateVolume",
        resource: SNAPSHOT,
        context: NO_CONTEXT,
        expected: "ImplicitlyDenied",
        why: "An untagged snapshot cannot be the source.",
    },
    {
        principal: NODE_ROLE,
        action: "ec2:CreateVolume",
        resource: VOLUME,
        context: WITH_REQUEST_TAG,
        expected: "ImplicitlyDenied",
        why: "The new volume carries no resource tag yet, so EC2EBSActions' `ec2:ResourceTag` condition cannot match it.",
        finding: CREATE_VOLUME_FINDING,
    },
    {
        principal: NODE_ROLE,
        action: "ec2:CreateTags",
        resource: VOLUME,
        context: NO_CONTEXT,
        expected: "Allowed",
        why: "TagResourcesCreation allows tagging without condition.",
    },
    {
        principal: NODE_ROLE,
        action: "ec2:DeleteTags",
        resource: VOLUME,
        context: TAGGED,
        expected: "Allowed",
        why: "TagResourcesDelete allows it on tagged resources.",
    },
    {
        principal: NODE_ROLE,
        action: "ec2:DeleteTags",
        resource: VOLUME,
        context: NO_CONTEXT,
        expected: "ImplicitlyDenied",
        why: "Not on the customer's untagged resources.",
    },
    {
        principal: NODE_ROLE,
        action: "ec2:RunInstances",
        resource: INSTANCE,
        context: WITH_REQUEST_TAG,
        expected: "ImplicitlyDenied",
        why: "An instance cannot launch more instances.",
    },
    {
        principal: NODE_ROLE,
        action: "ec2:TerminateInstances",
        resource: INSTANCE,
        context: TAGGED,
        expected: "ImplicitlyDenied",
        why: "An instance cannot terminate instances, not even Redis's.",
    },
    {
        principal: NODE_ROLE,
        action: "iam:PassRole",
        resource: NODE_ROLE_ARN,
        context: PASSED_TO_EC2,
        expected: "ImplicitlyDenied",
        why: "An instance cannot pass its own role on.",
    },
    {
        principal: NODE_ROLE,
        action: "iam:CreateUser",
        resource: NEW_USER_ARN,
        context: NO_CONTEXT,
        expected: "ImplicitlyDenied",
        why: "No principal may create IAM users.",
    },
    {
        principal: NODE_ROLE,
        action: "s3:GetObject",
        resource: S3_OBJECT,
        context: NO_CONTEXT,
        expected: "ImplicitlyDenied",
        why: "No access to the customer's data in S3.",
    },
];

/** A request put to the console role once per policy choice, with the verdict for each. */
interface ConsoleRoleProbe {
    action: IamAction;
    resource: string;
    context: RequestContext;
    expected: Readonly<Record<ConsoleRolePolicy, Verdict>>;
    why: Readonly<Record<ConsoleRolePolicy, string>>;
    finding?: string;
}

const { InstanceRolePolicy: INSTANCE_POLICY, UserRestrictedPolicy: USER_POLICY } = ConsoleRolePolicy;

const CONSOLE_ROLE_PROBES: ConsoleRoleProbe[] = [
    {
        action: "ec2:DescribeVolumes",
        resource: "*",
        context: NO_CONTEXT,
        expected: { [INSTANCE_POLICY]: "Allowed", [USER_POLICY]: "Allowed" },
        why: { [INSTANCE_POLICY]: "Both policies may describe volumes.", [USER_POLICY]: "Both policies may describe volumes." },
    },
    {
        action: "ec2:DescribeInstances",
        resource: "*",
        context: NO_CONTEXT,
        expected: { [INSTANCE_POLICY]: "ImplicitlyDenied", [USER_POLICY]: "Allowed" },
        why: { [INSTANCE_POLICY]: "The instance policy cannot list instances.", [USER_POLICY]: "DescribeReadOnlyEc2Resources." },
    },
    {
        action: "ec2:RunInstances",
        resource: INSTANCE,
        context: WITH_REQUEST_TAG,
        expected: { [INSTANCE_POLICY]: "ImplicitlyDenied", [USER_POLICY]: "Allowed" },
        why: {
            [INSTANCE_POLICY]: "The instance policy cannot launch instances.",
            [USER_POLICY]: "The user policy's rights, tag rule included.",
        },
    },
    {
        action: "ec2:RunInstances",
        resource: INSTANCE,
        context: NO_CONTEXT,
        expected: { [INSTANCE_POLICY]: "ImplicitlyDenied", [USER_POLICY]: "ExplicitlyDenied" },
        why: {
            [INSTANCE_POLICY]: "The instance policy cannot launch instances.",
            [USER_POLICY]: "ForceUnderlyingResourcesToHaveIdentifierTags.",
        },
    },
    {
        action: "ec2:AttachVolume",
        resource: VOLUME,
        context: TAGGED,
        expected: { [INSTANCE_POLICY]: "Allowed", [USER_POLICY]: "Allowed" },
        why: { [INSTANCE_POLICY]: "EC2EBSActions.", [USER_POLICY]: "ModifyEc2Resources." },
    },
    {
        action: "ec2:CreateVolume",
        resource: VOLUME,
        context: WITH_REQUEST_TAG,
        expected: { [INSTANCE_POLICY]: "ImplicitlyDenied", [USER_POLICY]: "ImplicitlyDenied" },
        why: {
            [INSTANCE_POLICY]: "EC2EBSActions' `ec2:ResourceTag` condition cannot match a volume being created.",
            [USER_POLICY]: "CreateEc2Resources' `ec2:ResourceTag` condition cannot match a volume being created.",
        },
        finding: CREATE_VOLUME_FINDING,
    },
    {
        action: "ec2:TerminateInstances",
        resource: INSTANCE,
        context: TAGGED,
        expected: { [INSTANCE_POLICY]: "ImplicitlyDenied", [USER_POLICY]: "Allowed" },
        why: { [INSTANCE_POLICY]: "The instance policy cannot terminate instances.", [USER_POLICY]: "DeleteEc2Resources." },
    },
    {
        action: "iam:PassRole",
        resource: NODE_ROLE_ARN,
        context: PASSED_TO_EC2,
        expected: { [INSTANCE_POLICY]: "ImplicitlyDenied", [USER_POLICY]: "Allowed" },
        why: { [INSTANCE_POLICY]: "The instance policy cannot pass roles.", [USER_POLICY]: "PassRlClusterNodeRole." },
    },
    {
        action: "iam:GetUser",
        resource: USER_ARN,
        context: NO_CONTEXT,
        expected: { [INSTANCE_POLICY]: "ImplicitlyDenied", [USER_POLICY]: "ImplicitlyDenied" },
        why: {
            [INSTANCE_POLICY]: "The instance policy has no IAM rights.",
            [USER_POLICY]: "A role session has no `aws:username`, so IamUserOperations' `user/${aws:username}` matches no user.",
        },
    },
    {
        action: "kms:CreateGrant",
        resource: KMS_KEY,
        context: GRANT_FOR_AWS_RESOURCE,
        expected: { [INSTANCE_POLICY]: "ImplicitlyDenied", [USER_POLICY]: "Allowed" },
        why: { [INSTANCE_POLICY]: "The instance policy has no KMS rights.", [USER_POLICY]: "AllowAttachDetachOfEncryptedVolumes." },
    },
    {
        action: "iam:CreateUser",
        resource: NEW_USER_ARN,
        context: NO_CONTEXT,
        expected: { [INSTANCE_POLICY]: "ImplicitlyDenied", [USER_POLICY]: "ImplicitlyDenied" },
        why: { [INSTANCE_POLICY]: "No principal may create IAM users.", [USER_POLICY]: "No principal may create IAM users." },
    },
    {
        action: "s3:GetObject",
        resource: S3_OBJECT,
        context: NO_CONTEXT,
        expected: { [INSTANCE_POLICY]: "ImplicitlyDenied", [USER_POLICY]: "ImplicitlyDenied" },
        why: { [INSTANCE_POLICY]: "No access to customer data in S3.", [USER_POLICY]: "No access to customer data in S3." },
    },
];

export const CONSOLE_ROLE_CASES: AccessCase[] = CONSOLE_ROLE_PROBES.flatMap(({ expected, why, ...request }) =>
    Object.values(ConsoleRolePolicy).map((choice) => ({
        ...request,
        principal: consoleRolePrincipal(choice),
        expected: expected[choice],
        why: why[choice],
    })),
);
