/**
 * The vocabulary of the access matrix: the made-up account, Redis's principals
 * as the component wires them, the resources and request contexts of the
 * simulated requests, and the findings a case may document. The cases are in
 * `user-cases.ts` and `role-cases.ts`; `access-matrix.ts` assembles them.
 */
import type { IamAction } from "../core/policy-document";
import { CONSOLE_ROLE_POLICY_NAMES, ConsoleRolePolicy } from "../core/console-role-policy";
import { REDIS_IAM_NAMES, REDIS_TAG_KEY, REDIS_TAG_VALUE } from "../core/redis-documents";

/** A made-up customer account and region for the simulated requests. */
export const ACCOUNT_ID = "123456789012";
export const REGION = "us-east-1";

/** IAM's three possible outcomes of evaluating a request. */
export type Verdict = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

/** Request context: condition key to value(s), as AWS would fill it in for the request. */
export type RequestContext = Readonly<Record<string, string | readonly string[]>>;

export const USER = REDIS_IAM_NAMES.user;
export const NODE_ROLE = REDIS_IAM_NAMES.nodeRole;
export const CONSOLE_ROLE = REDIS_IAM_NAMES.consoleRole;

/** The console role once per policy the component can attach to it. */
export type ConsoleRolePrincipalId = `${typeof CONSOLE_ROLE} with ${ConsoleRolePolicy}`;
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
export const ec2Arn = (resource: string) => `arn:aws:ec2:${REGION}:${ACCOUNT_ID}:${resource}`;

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
export const INSTANCE = ec2Arn("instance/i-0123456789abcdef0");
export const VOLUME = ec2Arn("volume/vol-0123456789abcdef0");
export const KEY_PAIR = ec2Arn("key-pair/x");
export const IMAGE = `arn:aws:ec2:${REGION}::image/ami-0123456789abcdef0`;
export const SNAPSHOT = `arn:aws:ec2:${REGION}::snapshot/snap-0123456789abcdef0`;
export const PEERING = ec2Arn("vpc-peering-connection/pcx-0123456789abcdef0");
export const KMS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const ALARM = `arn:aws:cloudwatch:${REGION}:${ACCOUNT_ID}:alarm:redis-cluster-cpu`;
export const S3_OBJECT = "arn:aws:s3:::customer-data-bucket/backup.rdb";
export const NODE_ROLE_ARN = iamArn(`role/${NODE_ROLE}`);
export const NODE_ROLE_UNDER_PATH_ARN = iamArn(`role/redis/${NODE_ROLE}`);
export const CONSOLE_ROLE_ARN = iamArn(`role/${CONSOLE_ROLE}`);
export const ADMIN_ROLE_ARN = iamArn("role/admin");
export const USER_ARN = iamArn(`user/${USER}`);
export const OTHER_USER_ARN = iamArn("user/alice");
export const NEW_USER_ARN = iamArn("user/backdoor");
export const TRANSIT_GATEWAY_LINKED_ROLE = iamArn("role/aws-service-role/transitgateway.amazonaws.com/AWSServiceRoleForVPCTransitGateway");
export const LOAD_BALANCER_LINKED_ROLE = iamArn(
    "role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing",
);

// Request contexts.
export const NO_CONTEXT: RequestContext = {};
/** The request asks for Redis's tag on the resources it creates. */
export const WITH_REQUEST_TAG: RequestContext = { [`aws:RequestTag/${REDIS_TAG_KEY}`]: REDIS_TAG_VALUE };
/** The resource already carries Redis's tag. */
export const TAGGED: RequestContext = { [`ec2:ResourceTag/${REDIS_TAG_KEY}`]: REDIS_TAG_VALUE };
/** The resource carries Redis's tag key with another value. */
export const TAGGED_OTHER_VALUE: RequestContext = { [`ec2:ResourceTag/${REDIS_TAG_KEY}`]: "customer-production" };
export const GRANT_FOR_AWS_RESOURCE: RequestContext = { "kms:GrantIsForAWSResource": "true" };
export const GRANT_NOT_FOR_AWS_RESOURCE: RequestContext = { "kms:GrantIsForAWSResource": "false" };
export const PASSED_TO_EC2: RequestContext = { "iam:PassedToService": "ec2.amazonaws.com" };

export const KEY_PAIR_FINDING =
    "The Deny `ForceUnderlyingResourcesToHaveIdentifierTags` names `arn:aws:ec2:*:*:keypair/*`, but AWS's key-pair ARNs are " +
    "`...:key-pair/<name>`, so that part of the Deny never matches and the user may create a key pair without Redis's tag. " +
    "The simulator agrees: it rejects `keypair/x` as a resource of ec2:CreateKeyPair. Not checked against live AWS.";

export const CREATE_VOLUME_FINDING =
    "AWS's service authorization data lists `ec2:ResourceTag/<key>` for ec2:CreateVolume only on the source snapshot, not on the " +
    "volume being created. Both policies allow ec2:CreateVolume only under an `ec2:ResourceTag` condition, which therefore cannot " +
    "match the new volume: no principal can create a volume with ec2:CreateVolume. Volumes that ec2:RunInstances creates are not " +
    "affected. (The simulator on its own accepts the key for the volume; `evidence/simulate.ts` holds each request to the keys AWS " +
    "lists for that action and resource type.) Not checked against live AWS.";
