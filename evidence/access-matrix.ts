/**
 * The access matrix: who may do what with the IAM resources the component
 * creates, as data. Each case is one request (principal, action, one resource,
 * request context) and the verdict we expect from IAM's evaluation logic.
 *
 * `evidence/simulate.ts` runs each case through an IAM policy simulator,
 * `tests/access-matrix.test.ts` asserts the verdicts, and
 * `scripts/access-report.ts` renders them as docs/access.md.
 *
 * Names, tag and policies come from the component's modules; nothing here
 * restates a policy.
 */
import type { IamAction } from "../core/policy-document";
import { CONSOLE_ROLE_POLICY_NAMES, ConsoleRolePolicy } from "../core/console-role-policy";
import { REDIS_CLOUD_ACCOUNT_ID, REDIS_IAM_NAMES, REDIS_TAG_KEY, REDIS_TAG_VALUE } from "../core/redis-documents";

/** A made-up customer account and region for the simulated requests. */
export const ACCOUNT_ID = "123456789012";
export const REGION = "us-east-1";

/** IAM's three possible outcomes of evaluating a request. */
export type Verdict = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

/** Request context: condition key to value(s), as AWS would fill it in for the request. */
export type RequestContext = Readonly<Record<string, string | readonly string[]>>;

const USER = REDIS_IAM_NAMES.user;
const NODE_ROLE = REDIS_IAM_NAMES.nodeRole;
const CONSOLE_ROLE = REDIS_IAM_NAMES.consoleRole;

/** The console role once per policy the component can attach to it. */
type ConsoleRolePrincipalId = `${typeof CONSOLE_ROLE} with ${ConsoleRolePolicy}`;
export type PrincipalId = typeof USER | typeof NODE_ROLE | ConsoleRolePrincipalId;
export const consoleRolePrincipal = (choice: ConsoleRolePolicy): ConsoleRolePrincipalId => `${CONSOLE_ROLE} with ${choice}`;

/** Who makes a request, and the policy the component attaches to them. */
export interface MatrixPrincipal {
    id: PrincipalId;
    arn: string;
    /** An AWS policy name; `evidence/simulate.ts` looks the canonical document up by it. */
    policyName: string;
    /** Context AWS adds to every request of this principal. */
    sessionContext: RequestContext;
    description: string;
}

export const iamArn = (path: string) => `arn:aws:iam::${ACCOUNT_ID}:${path}`;
const ec2Arn = (resource: string) => `arn:aws:ec2:${REGION}:${ACCOUNT_ID}:${resource}`;

/**
 * The principals as the component wires them: the user gets the user policy, the
 * node role the instance policy, and the console role whichever policy
 * `CONSOLE_ROLE_POLICY_NAMES` names for the chosen `consoleRolePolicy`.
 */
export const PRINCIPALS: readonly MatrixPrincipal[] = [
    {
        id: USER,
        arn: iamArn(`user/${USER}`),
        policyName: REDIS_IAM_NAMES.userRestrictedPolicy,
        // AWS sets aws:username for IAM users; the policy's `user/${aws:username}` resolves from it.
        sessionContext: { "aws:username": USER },
        description: "The programmatic user whose access key Redis Cloud holds.",
    },
    {
        id: NODE_ROLE,
        arn: iamArn(`role/${NODE_ROLE}`),
        policyName: REDIS_IAM_NAMES.instanceRolePolicy,
        sessionContext: {},
        description: "The role of the EC2 instances Redis Cloud launches (through its instance profile).",
    },
    ...Object.values(ConsoleRolePolicy).map((choice): MatrixPrincipal => ({
        id: consoleRolePrincipal(choice),
        arn: iamArn(`role/${CONSOLE_ROLE}`),
        policyName: CONSOLE_ROLE_POLICY_NAMES[choice],
        sessionContext: {},
        description: `The role Redis Cloud's account assumes with MFA, when the component is given \`consoleRolePolicy: "${choice}"\`.`,
    })),
];

export function principal(id: PrincipalId): MatrixPrincipal {
    const found = PRINCIPALS.find((candidate) => candidate.id === id);
    if (!found) throw new Error(`no principal ${id} in the access matrix`);
    return found;
}

/** One request and the verdict we expect. */
export interface AccessCase {
    principal: PrincipalId;
    action: IamAction;
    /** One concrete resource ARN, or `*` for actions AWS only authorises on `*`. */
    resource: string;
    context: RequestContext;
    expected: Verdict;
    why: string;
    /** Set when the case documents a finding about Redis's policy text rather than an intended right. */
    finding?: string;
}

// Resources of the simulated requests.
const INSTANCE = ec2Arn("instance/i-0123456789abcdef0");
const VOLUME = ec2Arn("volume/vol-0123456789abcdef0");
const KEY_PAIR = ec2Arn("key-pair/x");
const IMAGE = `arn:aws:ec2:${REGION}::image/ami-0123456789abcdef0`;
const SNAPSHOT = `arn:aws:ec2:${REGION}::snapshot/snap-0123456789abcdef0`;
const PEERING = ec2Arn("vpc-peering-connection/pcx-0123456789abcdef0");
const KMS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ALARM = `arn:aws:cloudwatch:${REGION}:${ACCOUNT_ID}:alarm:redis-cluster-cpu`;
const S3_OBJECT = "arn:aws:s3:::customer-data-bucket/backup.rdb";
const NODE_ROLE_ARN = iamArn(`role/${NODE_ROLE}`);
const NODE_ROLE_UNDER_PATH_ARN = iamArn(`role/redis/${NODE_ROLE}`);
const CONSOLE_ROLE_ARN = iamArn(`role/${CONSOLE_ROLE}`);
const ADMIN_ROLE_ARN = iamArn("role/admin");
const USER_ARN = iamArn(`user/${USER}`);
const OTHER_USER_ARN = iamArn("user/alice");
const NEW_USER_ARN = iamArn("user/backdoor");
const TRANSIT_GATEWAY_LINKED_ROLE = iamArn("role/aws-service-role/transitgateway.amazonaws.com/AWSServiceRoleForVPCTransitGateway");
const LOAD_BALANCER_LINKED_ROLE = iamArn("role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing");

// Request contexts.
const NO_CONTEXT: RequestContext = {};
/** The request asks for Redis's tag on the resources it creates. */
const WITH_REQUEST_TAG: RequestContext = { [`aws:RequestTag/${REDIS_TAG_KEY}`]: REDIS_TAG_VALUE };
/** The resource already carries Redis's tag. */
const TAGGED: RequestContext = { [`ec2:ResourceTag/${REDIS_TAG_KEY}`]: REDIS_TAG_VALUE };
/** The resource carries Redis's tag key with another value. */
const TAGGED_OTHER_VALUE: RequestContext = { [`ec2:ResourceTag/${REDIS_TAG_KEY}`]: "customer-production" };
const GRANT_FOR_AWS_RESOURCE: RequestContext = { "kms:GrantIsForAWSResource": "true" };
const GRANT_NOT_FOR_AWS_RESOURCE: RequestContext = { "kms:GrantIsForAWSResource": "false" };
const PASSED_TO_EC2: RequestContext = { "iam:PassedToService": "ec2.amazonaws.com" };

const KEY_PAIR_FINDING =
    "The Deny `ForceUnderlyingResourcesToHaveIdentifierTags` names `arn:aws:ec2:*:*:keypair/*`, but AWS's key-pair ARNs are " +
    "`...:key-pair/<name>`, so that part of the Deny never matches and the user may create a key pair without Redis's tag. " +
    "The simulator agrees: it rejects `keypair/x` as a resource of ec2:CreateKeyPair. Not checked against live AWS.";

const CREATE_VOLUME_FINDING =
    "AWS's service authorization data lists `ec2:ResourceTag/<key>` for ec2:CreateVolume only on the source snapshot, not on the " +
    "volume being created. Both policies allow ec2:CreateVolume only under an `ec2:ResourceTag` condition, which therefore cannot " +
    "match the new volume: no principal can create a volume with ec2:CreateVolume. Volumes that ec2:RunInstances creates are not " +
    "affected. (The simulator on its own accepts the key for the volume; `evidence/simulate.ts` holds each request to the keys AWS " +
    "lists for that action and resource type.) Not checked against live AWS.";

const USER_CASES: AccessCase[] = [
    {
        principal: USER,
        action: "ec2:RunInstances",
        resource: INSTANCE,
        context: WITH_REQUEST_TAG,
        expected: "Allowed",
        why: "CreateEc2ResourcesWithoutTag allows it, and the Deny does not apply because the tag is requested.",
    },
    {
        principal: USER,
        action: "ec2:RunInstances",
        resource: INSTANCE,
        context: NO_CONTEXT,
        expected: "ExplicitlyDenied",
        why: "ForceUnderlyingResourcesToHaveIdentifierTags denies launching an instance without Redis's tag.",
    },
    {
        principal: USER,
        action: "ec2:RunInstances",
        resource: VOLUME,
        context: WITH_REQUEST_TAG,
        expected: "Allowed",
        why: "The volumes of a launch may be created when they are tagged.",
    },
    {
        principal: USER,
        action: "ec2:RunInstances",
        resource: VOLUME,
        context: NO_CONTEXT,
        expected: "ExplicitlyDenied",
        why: "ForceUnderlyingResourcesToHaveIdentifierTags denies untagged volumes too.",
    },
    {
        principal: USER,
        action: "ec2:RunInstances",
        resource: IMAGE,
        context: NO_CONTEXT,
        expected: "Allowed",
        why: "The AMI a launch reads is not created, so the tag rule does not name it.",
    },
    {
        principal: USER,
        action: "ec2:CreateKeyPair",
        resource: KEY_PAIR,
        context: WITH_REQUEST_TAG,
        expected: "Allowed",
        why: "CreateEc2ResourcesWithoutTag allows creating key pairs.",
    },
    {
        principal: USER,
        action: "ec2:CreateKeyPair",
        resource: KEY_PAIR,
        context: NO_CONTEXT,
        // Today's behaviour, documented, not endorsed: see KEY_PAIR_FINDING.
        expected: "Allowed",
        why: "The Deny was meant to require the tag here, but its ARN `keypair/*` does not match `key-pair/x`.",
        finding: KEY_PAIR_FINDING,
    },
    {
        principal: USER,
        action: "ec2:TerminateInstances",
        resource: INSTANCE,
        context: TAGGED,
        expected: "Allowed",
        why: "DeleteEc2Resources allows it on instances tagged for Redis.",
    },
    {
        principal: USER,
        action: "ec2:TerminateInstances",
        resource: INSTANCE,
        context: NO_CONTEXT,
        expected: "ImplicitlyDenied",
        why: "The customer's own untagged instances are out of reach.",
    },
    {
        principal: USER,
        action: "ec2:TerminateInstances",
        resource: INSTANCE,
        context: TAGGED_OTHER_VALUE,
        expected: "ImplicitlyDenied",
        why: "The tag key alone is not enough; its value must be Redis's.",
    },
    {
        principal: USER,
        action: "ec2:StopInstances",
        resource: INSTANCE,
        context: TAGGED,
        expected: "Allowed",
        why: "ModifyEc2Resources allows it on tagged instances.",
    },
    {
        principal: USER,
        action: "ec2:StopInstances",
        resource: INSTANCE,
        context: NO_CONTEXT,
        expected: "ImplicitlyDenied",
        why: "Untagged instances cannot be stopped.",
    },
    {
        principal: USER,
        action: "ec2:ModifyInstanceAttribute",
        resource: INSTANCE,
        context: TAGGED,
        expected: "Allowed",
        why: "ModifyEc2Resources allows it on tagged instances.",
    },
    {
        principal: USER,
        action: "ec2:ModifyInstanceAttribute",
        resource: INSTANCE,
        context: NO_CONTEXT,
        expected: "ImplicitlyDenied",
        why: "Untagged instances cannot be modified.",
    },
    {
        principal: USER,
        action: "ec2:CreateVolume",
        resource: VOLUME,
        context: WITH_REQUEST_TAG,
        expected: "ImplicitlyDenied",
        why: "CreateEc2Resources' `ec2:ResourceTag` condition cannot match a volume being created.",
        finding: CREATE_VOLUME_FINDING,
    },
    {
        principal: USER,
        action: "ec2:DeleteVolume",
        resource: VOLUME,
        context: NO_CONTEXT,
        expected: "ImplicitlyDenied",
        why: "The customer's own untagged volumes cannot be deleted.",
    },
    {
        principal: USER,
        action: "ec2:DeleteVpcPeeringConnection",
        resource: PEERING,
        context: TAGGED,
        expected: "Allowed",
        why: "AllowVpcPeeringDeletion allows it on tagged peerings.",
    },
    {
        principal: USER,
        action: "ec2:DeleteVpcPeeringConnection",
        resource: PEERING,
        context: NO_CONTEXT,
        expected: "ImplicitlyDenied",
        why: "The customer's own peerings cannot be deleted.",
    },
    {
        principal: USER,
        action: "ec2:DescribeInstances",
        resource: "*",
        context: NO_CONTEXT,
        expected: "Allowed",
        why: "DescribeReadOnlyEc2Resources; AWS authorises Describe actions only on `*`.",
    },
    {
        principal: USER,
        action: "cloudwatch:DescribeAlarms",
        resource: ALARM,
        context: NO_CONTEXT,
        expected: "Allowed",
        why: "CloudWatchReadOnly's `cloudwatch:Describe*` covers it.",
    },
    {
        principal: USER,
        action: "cloudwatch:PutMetricAlarm",
        resource: ALARM,
        context: NO_CONTEXT,
        expected: "ImplicitlyDenied",
        why: "CloudWatch access is read-only.",
    },
    {
        principal: USER,
        action: "iam:PassRole",
        resource: NODE_ROLE_ARN,
        context: PASSED_TO_EC2,
        expected: "Allowed",
        why: "PassRlClusterNodeRole: the user may hand the node role to the instances it launches.",
    },
    {
        principal: USER,
        action: "iam:PassRole",
        resource: ADMIN_ROLE_ARN,
        context: PASSED_TO_EC2,
        expected: "ImplicitlyDenied",
        why: "Passing any other role would let Redis's instances act with that role's rights.",
    },
    {
        principal: USER,
        action: "iam:PassRole",
        resource: CONSOLE_ROLE_ARN,
        context: PASSED_TO_EC2,
        expected: "ImplicitlyDenied",
        why: "Not even the console role may be passed.",
    },
    {
        principal: USER,
        action: "iam:PassRole",
        resource: NODE_ROLE_UNDER_PATH_ARN,
        context: PASSED_TO_EC2,
        expected: "ImplicitlyDenied",
        why: "An IAM path is part of the ARN, so a node role under a path no longer matches: the role must not have one.",
    },
    {
        principal: USER,
        action: "iam:GetUser",
        resource: USER_ARN,
        context: NO_CONTEXT,
        expected: "Allowed",
        why: "IamUserOperations: `user/${aws:username}` resolves to the user itself.",
    },
    {
        principal: USER,
        action: "iam:GetUser",
        resource: OTHER_USER_ARN,
        context: NO_CONTEXT,
        expected: "ImplicitlyDenied",
        why: "Only its own user, not another one.",
    },
    {
        principal: USER,
        action: "iam:ChangePassword",
        resource: USER_ARN,
        context: NO_CONTEXT,
        expected: "Allowed",
        why: "IamUserOperations: it may change its own console password.",
    },
    {
        principal: USER,
        action: "iam:CreateServiceLinkedRole",
        resource: TRANSIT_GATEWAY_LINKED_ROLE,
        context: { "iam:AWSServiceName": "transitgateway.amazonaws.com" },
        expected: "Allowed",
        why: "CreateAndChangeServiceLinkedRoleForTransitGateway.",
    },
    {
        principal: USER,
        action: "iam:CreateServiceLinkedRole",
        resource: LOAD_BALANCER_LINKED_ROLE,
        context: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" },
        expected: "ImplicitlyDenied",
        why: "Only the transit gateway's service-linked role.",
    },
    {
        principal: USER,
        action: "iam:AttachRolePolicy",
        resource: NODE_ROLE_ARN,
        context: NO_CONTEXT,
        expected: "ImplicitlyDenied",
        why: "The user cannot widen the node role; it may attach policies only to the transit gateway's service-linked role.",
    },
    {
        principal: USER,
        action: "kms:CreateGrant",
        resource: KMS_KEY,
        context: GRANT_FOR_AWS_RESOURCE,
        expected: "Allowed",
        why: "AllowAttachDetachOfEncryptedVolumes: grants for an AWS resource (EBS) on a key whose policy delegates to IAM.",
    },
    {
        principal: USER,
        action: "kms:CreateGrant",
        resource: KMS_KEY,
        context: GRANT_NOT_FOR_AWS_RESOURCE,
        expected: "ImplicitlyDenied",
        why: "A grant to an arbitrary principal would hand out the key.",
    },
    {
        principal: USER,
        action: "kms:CreateGrant",
        resource: KMS_KEY,
        context: NO_CONTEXT,
        expected: "ImplicitlyDenied",
        why: "Without the key in the context, the Bool condition does not match.",
    },
    {
        principal: USER,
        action: "iam:CreateUser",
        resource: NEW_USER_ARN,
        context: NO_CONTEXT,
        expected: "ImplicitlyDenied",
        why: "No principal may create IAM users.",
    },
    {
        principal: USER,
        action: "s3:GetObject",
        resource: S3_OBJECT,
        context: NO_CONTEXT,
        expected: "ImplicitlyDenied",
        why: "No access to the customer's data in S3.",
    },
];

const NODE_ROLE_CASES: AccessCase[] = [
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

const CONSOLE_ROLE_CASES: AccessCase[] = CONSOLE_ROLE_PROBES.flatMap(({ expected, why, ...request }) =>
    Object.values(ConsoleRolePolicy).map((choice) => ({
        ...request,
        principal: consoleRolePrincipal(choice),
        expected: expected[choice],
        why: why[choice],
    })),
);

/** Every case, grouped by principal in the order of {@link PRINCIPALS}. */
export const ACCESS_MATRIX: readonly AccessCase[] = [...USER_CASES, ...NODE_ROLE_CASES, ...CONSOLE_ROLE_CASES];

/** Who may assume a role: a request for `sts:AssumeRole`, judged by the role's trust policy. */
export interface TrustCase {
    role: typeof NODE_ROLE | typeof CONSOLE_ROLE;
    /** An IAM principal ARN of another account, or an AWS service principal. */
    caller: string;
    context: RequestContext;
    expected: Verdict;
    why: string;
}

const REDIS_OPERATOR = `arn:aws:iam::${REDIS_CLOUD_ACCOUNT_ID}:user/redis-cloud-operator`;
const STRANGER = "arn:aws:iam::210987654321:user/stranger";
const WITH_MFA: RequestContext = { "aws:MultiFactorAuthPresent": "true" };
const WITHOUT_MFA: RequestContext = { "aws:MultiFactorAuthPresent": "false" };

export const TRUST_MATRIX: readonly TrustCase[] = [
    {
        role: CONSOLE_ROLE,
        caller: REDIS_OPERATOR,
        context: WITH_MFA,
        expected: "Allowed",
        why: "Redis Cloud's account, signed in with MFA.",
    },
    {
        role: CONSOLE_ROLE,
        caller: REDIS_OPERATOR,
        context: WITHOUT_MFA,
        expected: "ImplicitlyDenied",
        why: "The trust policy requires MFA.",
    },
    {
        role: CONSOLE_ROLE,
        caller: REDIS_OPERATOR,
        context: NO_CONTEXT,
        expected: "ImplicitlyDenied",
        why: "Long-term keys carry no MFA flag; the Bool condition does not match.",
    },
    {
        role: CONSOLE_ROLE,
        caller: STRANGER,
        context: WITH_MFA,
        expected: "ImplicitlyDenied",
        why: "Only Redis Cloud's account is trusted.",
    },
    {
        role: CONSOLE_ROLE,
        caller: "ec2.amazonaws.com",
        context: NO_CONTEXT,
        expected: "ImplicitlyDenied",
        why: "Instances cannot take the console role.",
    },
    {
        role: NODE_ROLE,
        caller: "ec2.amazonaws.com",
        context: NO_CONTEXT,
        expected: "Allowed",
        why: "EC2 takes the role for the instances of the instance profile.",
    },
    {
        role: NODE_ROLE,
        caller: "lambda.amazonaws.com",
        context: NO_CONTEXT,
        expected: "ImplicitlyDenied",
        why: "No other service is trusted.",
    },
    {
        role: NODE_ROLE,
        caller: REDIS_OPERATOR,
        context: WITH_MFA,
        expected: "ImplicitlyDenied",
        why: "Redis Cloud's account cannot take the node role directly.",
    },
];
