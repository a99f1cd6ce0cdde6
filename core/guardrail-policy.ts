/**
 * The service control policy (SCP) behind `RedisManagedGuardrail`, as a pure
 * function from its options to policy documents. No runtime dependency beyond
 * the canonical Redis module, so tests, docs and a guard pack can use it alone.
 *
 * What it denies, to every principal except Redis's own, a list of break-glass
 * roles and AWS service-linked roles:
 * 1. the mutating EC2/EBS/VPC actions in {@link protectedActions} on resources
 *    tagged `RedisLabsIdentifier=Redislabs-VPC` (the resources Redis Cloud's
 *    own policies let it manage);
 * 2. adding, changing or removing the `RedisLabsIdentifier` tag key anywhere,
 *    which would hand Redis a resource or take one away from it;
 * 3. Run Command and Session Manager on Redis's instances.
 * See docs/guardrail.md for the full table and the reasoning.
 */
import type { IamAction, PolicyDocument, PolicyStatement } from "./policy-document";
import { REDIS_IAM_NAMES, REDIS_TAG_KEY, REDIS_TAG_VALUE, instanceRolePolicy, userRestrictedPolicy } from "./redis-documents";

/** The SCP's name unless `policyName` says otherwise; dependency-free here so that the audit can look for it without loading Pulumi. */
export const DEFAULT_GUARDRAIL_POLICY_NAME = "RedisManagedResourcesGuardrail";

/**
 * AWS Organizations' size limit for one SCP. The quota page gives 5,120
 * characters (one revision says bytes); the API stores the text as sent, so we
 * send compact JSON and measure its UTF-8 bytes, which is never less.
 */
export const SCP_MAX_SIZE = 5120;

/**
 * At most 5 SCPs may be attached directly to one root, OU or account, and
 * `FullAWSAccess` (or another allow) usually takes one place: 4 are left.
 */
export const MAX_GUARDRAIL_POLICIES = 4;

/** The condition key through which Redis's policies recognise what they may manage. */
export const REDIS_RESOURCE_TAG_CONDITION_KEY = `ec2:ResourceTag/${REDIS_TAG_KEY}`;

/** The Redis documents whose tag-conditioned actions the guardrail protects. */
export const REDIS_TAG_SCOPED_SOURCES: readonly PolicyDocument[] = [userRestrictedPolicy, instanceRolePolicy];

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const uniqueSorted = <T extends string>(values: readonly T[]): T[] => [...new Set(values)].sort();

/** An Allow that Redis limits to resources carrying `RedisLabsIdentifier=Redislabs-VPC`. */
function allowsOnlyOnRedisTag(statement: PolicyStatement): boolean {
    const values = asArray(statement.Condition?.StringEquals?.[REDIS_RESOURCE_TAG_CONDITION_KEY]);
    return statement.Effect === "Allow" && values.includes(REDIS_TAG_VALUE);
}

/**
 * Every action that Redis's own policies allow only on resources tagged
 * `RedisLabsIdentifier=Redislabs-VPC`: computed from the canonical documents,
 * so the guardrail follows them when they change.
 */
export function actionsRedisScopesToItsTag(sources: readonly PolicyDocument[] = REDIS_TAG_SCOPED_SOURCES): IamAction[] {
    return uniqueSorted(sources.flatMap((document) => document.Statement.filter(allowsOnlyOnRedisTag).flatMap((s) => asArray(s.Action))));
}

/** Mutating actions on one EC2 resource type that Redis's policies do not tag-scope, and why they are denied too. */
export interface ProtectedActionGroup {
    /** The EC2 resource type whose `ec2:ResourceTag` the deny matches. */
    resourceType: string;
    /** What a principal other than Redis could break with these actions. */
    risk: string;
    actions: readonly IamAction[];
}

/**
 * The other mutating actions on the resource types Redis manages. Redis's
 * policies allow some of these without a tag condition (for example
 * `RevokeSecurityGroupIngress`); the guardrail still only denies them on
 * Redis-tagged resources. Creating new, separate resources is not listed.
 */
export const ADDITIONAL_PROTECTED_ACTIONS: readonly ProtectedActionGroup[] = [
    {
        resourceType: "instance",
        risk: "changes a node's identity, metadata service, placement or network attachment, or crashes it",
        actions: [
            "ec2:AssociateIamInstanceProfile",
            "ec2:AttachNetworkInterface",
            "ec2:DetachNetworkInterface",
            "ec2:DisassociateIamInstanceProfile",
            "ec2:ModifyInstanceMaintenanceOptions",
            "ec2:ModifyInstanceMetadataOptions",
            "ec2:ModifyInstancePlacement",
            "ec2:ReplaceIamInstanceProfileAssociation",
            "ec2:ResetInstanceAttribute",
            "ec2:SendDiagnosticInterrupt",
        ],
    },
    {
        resourceType: "instance",
        risk: "images a node (rebooting it unless told not to) or snapshots all its volumes: Redis data leaves Redis's control",
        actions: ["ec2:CreateImage", "ec2:CreateSnapshots"],
    },
    {
        resourceType: "volume",
        risk: "snapshots a node's disk: Redis data leaves Redis's control",
        actions: ["ec2:CreateSnapshot"],
    },
    {
        resourceType: "snapshot",
        risk: "copies a Redis snapshot, possibly to another region or under another key",
        actions: ["ec2:CopySnapshot"],
    },
    {
        resourceType: "volume",
        risk: "resizes a node's disk, changes its attributes or stops its I/O",
        actions: ["ec2:EnableVolumeIO", "ec2:ModifyVolume", "ec2:ModifyVolumeAttribute", "ec2:PauseVolumeIO"],
    },
    {
        resourceType: "snapshot",
        risk: "shares a snapshot of Redis data with other accounts or moves it to the archive tier",
        actions: ["ec2:ModifySnapshotAttribute", "ec2:ModifySnapshotTier", "ec2:ResetSnapshotAttribute"],
    },
    {
        resourceType: "security-group",
        risk: "opens or closes the cluster's network access",
        actions: [
            "ec2:ModifySecurityGroupRules",
            "ec2:RevokeSecurityGroupEgress",
            "ec2:RevokeSecurityGroupIngress",
            "ec2:UpdateSecurityGroupRuleDescriptionsEgress",
            "ec2:UpdateSecurityGroupRuleDescriptionsIngress",
        ],
    },
    {
        resourceType: "network-interface",
        risk: "swaps a node's security groups or removes its interface",
        actions: ["ec2:DeleteNetworkInterface", "ec2:ModifyNetworkInterfaceAttribute"],
    },
    {
        resourceType: "network-interface",
        risk: "mirrors a node's traffic to another interface: Redis data leaves Redis's control",
        actions: ["ec2:CreateTrafficMirrorSession"],
    },
    {
        resourceType: "subnet",
        risk: "places the customer's instances, interfaces or endpoints in Redis's subnets or security groups (any tagged resource of the request denies it)",
        actions: [
            "ec2:CreateInstanceConnectEndpoint",
            "ec2:CreateNatGateway",
            "ec2:CreateNetworkInterface",
            "ec2:CreateVpcEndpoint",
            "ec2:RunInstances",
        ],
    },
    {
        resourceType: "subnet",
        risk: "changes the subnet's addresses or network ACL",
        actions: ["ec2:AssociateSubnetCidrBlock", "ec2:DisassociateSubnetCidrBlock", "ec2:ReplaceNetworkAclAssociation"],
    },
    {
        resourceType: "route-table",
        risk: "reroutes or blackholes the cluster's traffic",
        actions: [
            "ec2:DisableVgwRoutePropagation",
            "ec2:DisassociateRouteTable",
            "ec2:EnableVgwRoutePropagation",
            "ec2:ReplaceRoute",
            "ec2:ReplaceRouteTableAssociation",
        ],
    },
    {
        resourceType: "vpc",
        risk: "changes the VPC's DNS, DHCP options, address ranges or tenancy",
        actions: [
            "ec2:AssociateDhcpOptions",
            "ec2:AssociateVpcCidrBlock",
            "ec2:DisassociateVpcCidrBlock",
            "ec2:ModifyVpcAttribute",
            "ec2:ModifyVpcTenancy",
        ],
    },
    {
        resourceType: "internet-gateway",
        risk: "cuts the VPC off from (or opens it to) the internet",
        actions: ["ec2:AttachInternetGateway", "ec2:DetachInternetGateway"],
    },
    {
        resourceType: "vpc-peering-connection",
        risk: "breaks or reconfigures the peering that applications reach Redis through",
        actions: ["ec2:ModifyVpcPeeringConnectionOptions", "ec2:RejectVpcPeeringConnection"],
    },
    {
        resourceType: "transit-gateway-attachment",
        risk: "breaks or reconfigures the transit gateway path to the cluster",
        actions: ["ec2:DeleteTransitGatewayVpcAttachment", "ec2:ModifyTransitGatewayVpcAttachment"],
    },
];

/** Statement 1's action list: Redis's tag-scoped actions plus {@link ADDITIONAL_PROTECTED_ACTIONS}, sorted. */
export function protectedActions(): IamAction[] {
    return uniqueSorted([...actionsRedisScopesToItsTag(), ...ADDITIONAL_PROTECTED_ACTIONS.flatMap((group) => group.actions)]);
}

/**
 * Run Command and Session Manager on an instance: code or a shell on a Redis
 * node. Systems Manager exposes the instance's tags as `ssm:resourceTag/<key>`.
 */
export const INSTANCE_ACCESS_ACTIONS: readonly IamAction[] = ["ssm:SendCommand", "ssm:StartSession"];
export const REDIS_SSM_RESOURCE_TAG_CONDITION_KEY = `ssm:resourceTag/${REDIS_TAG_KEY}`;

/** The actions that write or remove EC2 tags, including tags given on create (RunInstances' TagSpecifications). */
export const TAG_WRITE_ACTIONS: readonly IamAction[] = ["ec2:CreateTags", "ec2:DeleteTags"];

/**
 * Redis's principals in any account. `aws:PrincipalArn` is the role ARN (not
 * the session ARN) for assumed roles, so this also covers Redis's console
 * sessions and the EC2 nodes running as `redislabs-cluster-node-role`.
 */
export const REDIS_PRINCIPAL_ARN_PATTERNS: readonly string[] = [
    `arn:aws:iam::*:user/${REDIS_IAM_NAMES.user}`,
    `arn:aws:iam::*:role/${REDIS_IAM_NAMES.consoleRole}`,
    `arn:aws:iam::*:role/${REDIS_IAM_NAMES.nodeRole}`,
];

/**
 * AWS service-linked roles. AWS documents that SCPs do not restrict them at
 * all; the exemption states that intent for readers and for simulators.
 */
export const SERVICE_LINKED_ROLE_ARN_PATTERN = "arn:aws:iam::*:role/aws-service-role/*";

/**
 * Redis's IAM identities and policies, in any account. Whoever could change
 * them (a new access key for `redislabs-user`, a wider policy, another trust)
 * could act as an exempt principal, so the guardrail protects them too.
 */
export const REDIS_IDENTITY_ARN_PATTERNS: readonly string[] = [
    `arn:aws:iam::*:user/${REDIS_IAM_NAMES.user}`,
    `arn:aws:iam::*:role/${REDIS_IAM_NAMES.consoleRole}`,
    `arn:aws:iam::*:role/${REDIS_IAM_NAMES.nodeRole}`,
    `arn:aws:iam::*:instance-profile/${REDIS_IAM_NAMES.instanceProfile}`,
    `arn:aws:iam::*:policy/${REDIS_IAM_NAMES.instanceRolePolicy}`,
    `arn:aws:iam::*:policy/${REDIS_IAM_NAMES.userRestrictedPolicy}`,
];

/**
 * Every IAM write (by verb prefix), plus `iam:PassRole`: passing the node role
 * would let anyone's instance act as Redis's nodes. Reads stay open.
 */
export const IDENTITY_WRITE_ACTIONS: readonly IamAction[] = [
    "iam:Add*",
    "iam:Attach*",
    "iam:Create*",
    "iam:Deactivate*",
    "iam:Delete*",
    "iam:Detach*",
    "iam:Enable*",
    "iam:PassRole",
    "iam:Put*",
    "iam:Remove*",
    "iam:Resync*",
    "iam:Set*",
    "iam:Tag*",
    "iam:Untag*",
    "iam:Update*",
    "iam:Upload*",
];

export interface GuardrailPolicyOptions {
    /** Role ARNs (already validated) that may still change Redis's resources, for emergencies. */
    breakGlassRoleArns?: readonly string[];
    /** Deny changes to Redis's IAM identities and policies (default true). */
    protectRedisIdentities?: boolean;
    /** Role ARNs (already validated) that manage Redis's identities: the role that runs `pulumi up` of RedisCloudIam. */
    identityAdminRoleArns?: readonly string[];
}

/** Every `aws:PrincipalArn` pattern the denies do not apply to, in a stable order. */
export function exemptPrincipalArnPatterns(options: GuardrailPolicyOptions = {}): string[] {
    return [...new Set([...REDIS_PRINCIPAL_ARN_PATTERNS, ...(options.breakGlassRoleArns ?? []), SERVICE_LINKED_ROLE_ARN_PATTERN])];
}

/** The guardrail's statements before they are packed into documents. */
export function guardrailStatements(options: GuardrailPolicyOptions = {}): PolicyStatement[] {
    const unlessExempt = { ArnNotLike: { "aws:PrincipalArn": exemptPrincipalArnPatterns(options) } };
    const identityAdmins = [...exemptPrincipalArnPatterns(options), ...(options.identityAdminRoleArns ?? [])];
    const identityStatement: PolicyStatement = {
        Sid: "DenyChangesToRedisIdentities",
        Effect: "Deny",
        Action: [...IDENTITY_WRITE_ACTIONS],
        // The exempt roles are protected too: whoever could create or re-trust a role of that name would be exempt.
        Resource: [
            ...(options.protectRedisIdentities === false ? [] : REDIS_IDENTITY_ARN_PATTERNS),
            ...(options.breakGlassRoleArns ?? []),
            ...(options.identityAdminRoleArns ?? []),
        ],
        Condition: { ArnNotLike: { "aws:PrincipalArn": [...new Set(identityAdmins)] } },
    };
    return [
        ...(asArray(identityStatement.Resource ?? []).length ? [identityStatement] : []),
        {
            Sid: "DenyRedisTagKeyChanges",
            Effect: "Deny",
            Action: [...TAG_WRITE_ACTIONS],
            Resource: "*",
            // Condition keys match tag keys case-insensitively, so a look-alike key is as good as the real one.
            Condition: { "ForAnyValue:StringEqualsIgnoreCase": { "aws:TagKeys": [REDIS_TAG_KEY] }, ...unlessExempt },
        },
        {
            Sid: "DenyChangesToRedisResources",
            Effect: "Deny",
            Action: protectedActions(),
            Resource: "*",
            Condition: { StringEquals: { [REDIS_RESOURCE_TAG_CONDITION_KEY]: REDIS_TAG_VALUE }, ...unlessExempt },
        },
        {
            Sid: "DenyCommandsOnRedisInstances",
            Effect: "Deny",
            Action: [...INSTANCE_ACCESS_ACTIONS],
            Resource: "*",
            Condition: { StringEquals: { [REDIS_SSM_RESOURCE_TAG_CONDITION_KEY]: REDIS_TAG_VALUE }, ...unlessExempt },
        },
    ];
}

/** The text sent to AWS: compact JSON, since the API keeps (and counts) any whitespace it is given. */
export const renderPolicy = (document: PolicyDocument): string => JSON.stringify(document);

/** The size AWS measures against {@link SCP_MAX_SIZE}: UTF-8 bytes, equal to characters for ASCII. */
export const policySize = (rendered: string): number => new TextEncoder().encode(rendered).length;

const documentOf = (statements: PolicyStatement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });
const fits = (statements: PolicyStatement[], limit: number) => policySize(renderPolicy(documentOf(statements))) <= limit;
const withActions = (statement: PolicyStatement, actions: IamAction[], sidSuffix: string): PolicyStatement => ({
    ...statement,
    Sid: `${statement.Sid ?? ""}${sidSuffix}`,
    Action: actions,
});

/** Splits a statement's actions into pieces that each fit a document alone (a lone action always forms a piece). */
function splitToFit(statement: PolicyStatement, limit: number): PolicyStatement[] {
    const pieces: IamAction[][] = [[]];
    for (const action of asArray(statement.Action)) {
        const current = pieces[pieces.length - 1];
        // Measured with the widest Sid suffix, so numbering the pieces afterwards never overflows.
        if (current.length > 0 && !fits([withActions(statement, [...current, action], "99")], limit)) pieces.push([action]);
        else current.push(action);
    }
    return pieces.length === 1 ? [statement] : pieces.map((actions, index) => withActions(statement, actions, String(index + 1)));
}

/**
 * Packs statements into as few documents of at most `limit` as it can, in
 * order. A statement too big for one document is split by actions. The result
 * can still break the limit when even one action does not fit (an enormous
 * exemption list); callers check {@link policySize}.
 */
export function packStatements(statements: readonly PolicyStatement[], limit: number = SCP_MAX_SIZE): PolicyDocument[] {
    const documents: PolicyStatement[][] = [];
    for (const piece of statements.flatMap((statement) => splitToFit(statement, limit))) {
        const home = documents.find((statementsSoFar) => fits([...statementsSoFar, piece], limit));
        if (home) home.push(piece);
        else documents.push([piece]);
    }
    return documents.map(documentOf);
}

/** The guardrail as SCP documents, each (normally) within {@link SCP_MAX_SIZE}: one unless the exemptions are long. */
export function guardrailPolicyDocuments(options: GuardrailPolicyOptions = {}, limit: number = SCP_MAX_SIZE): PolicyDocument[] {
    return packStatements(guardrailStatements(options), limit);
}
