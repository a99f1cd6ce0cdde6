/**
 * The service control policy (SCP) behind `RedisManagedGuardrail`, as a pure
 * function from its options to policy documents. No runtime dependency beyond
 * the canonical Redis module, so tests, docs and a guard pack can use it alone.
 *
 * What it denies, to every principal except Redis's own and a list of
 * break-glass roles (service-linked roles are outside every SCP anyway):
 * 1. every EC2 write in {@link protectedActions}, and Run Command and Session
 *    Manager, on resources tagged `RedisLabsIdentifier=Redislabs-VPC` (the
 *    resources Redis Cloud's own policies let it manage);
 * 2. adding, changing or removing the `RedisLabsIdentifier` tag key anywhere,
 *    which would hand Redis a resource or take one away from it;
 * 3. IAM writes to Redis's identities, unless `protectRedisIdentities` is off.
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

/** AWS Organizations' limit on SCPs attached directly to one root, OU or account. */
export const MAX_SCPS_PER_TARGET = 5;

/**
 * At most 5 SCPs may be attached directly to one root, OU or account, and
 * `FullAWSAccess` (or another allow) usually takes one place: 4 are left.
 */
export const MAX_GUARDRAIL_POLICIES = MAX_SCPS_PER_TARGET - 1;

/** The condition key through which Redis's policies recognise what they may manage. */
export const REDIS_RESOURCE_TAG_CONDITION_KEY = `ec2:ResourceTag/${REDIS_TAG_KEY}`;

/**
 * The key the guardrail's resource deny matches: the global form of the same
 * tag, which EC2 sets beside `ec2:ResourceTag` and Systems Manager sets from a
 * command's or session's target instance, so one statement covers both.
 */
export const GUARDRAIL_RESOURCE_TAG_CONDITION_KEY = `aws:ResourceTag/${REDIS_TAG_KEY}`;

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

/**
 * The EC2 resource types Redis creates and tags (the create actions of its
 * user policy; network interfaces come with `RunInstances`). The guardrail
 * covers every EC2 write that AWS's data lets a resource tag of one of these
 * types decide: tests/evidence/guardrail-condition-keys.test.ts derives that set.
 */
export const REDIS_TAGGED_RESOURCE_TYPES: readonly string[] = [
    "instance",
    "internet-gateway",
    "key-pair",
    "network-interface",
    "route-table",
    "security-group",
    "snapshot",
    "subnet",
    "transit-gateway-attachment",
    "volume",
    "vpc",
    "vpc-peering-connection",
];

/**
 * Statement 1's EC2 actions as IAM patterns: every write that AWS's service
 * authorization data lets `aws:ResourceTag` decide on a type in
 * {@link REDIS_TAGGED_RESOURCE_TYPES}, except {@link EC2_WRITES_LEFT_OPEN}.
 * Each `*` ends at a word and expands only to writes that carry the key, so no
 * part of the Deny is dead and no read or left-open action is caught; the
 * evidence test expands every pattern against AWS's data. Patterns keep the
 * SCP to one policy: the 166 names spelt out take 6,500 characters.
 */
export const PROTECTED_EC2_ACTION_PATTERNS: readonly IamAction[] = [
    "ec2:Apply*",
    "ec2:Assign*",
    "ec2:AssociateAddress",
    "ec2:AssociateApplication*",
    "ec2:AssociateClient*",
    "ec2:AssociateDhcp*",
    "ec2:AssociateIam*",
    "ec2:AssociateRoute*",
    "ec2:AssociateSecurity*",
    "ec2:AssociateSubnet*",
    "ec2:AssociateVpc*",
    "ec2:AttachInternet*",
    "ec2:AttachNetwork*",
    "ec2:AttachVolume",
    "ec2:AttachVpn*",
    "ec2:Authorize*",
    "ec2:CreateApplication*",
    "ec2:CreateCarrier*",
    "ec2:CreateClient*",
    "ec2:CreateDelegate*",
    "ec2:CreateEgress*",
    "ec2:CreateFleet",
    "ec2:CreateImage",
    "ec2:CreateInstanceConnect*",
    "ec2:CreateInstanceExport*",
    "ec2:CreateLocal*",
    "ec2:CreateMac*",
    "ec2:CreateNat*",
    "ec2:CreateNetworkAcl",
    "ec2:CreateNetworkInterface*",
    "ec2:CreateOdb*",
    "ec2:CreateReplace*",
    "ec2:CreateRoute",
    "ec2:CreateRouteServerEndpoint",
    "ec2:CreateRouteTable",
    "ec2:CreateSecurity*",
    "ec2:CreateSnapshot",
    "ec2:CreateSnapshots",
    "ec2:CreateSubnet*",
    "ec2:CreateTrafficMirrorSession",
    "ec2:CreateTrafficMirrorTarget",
    "ec2:CreateTransitGatewayVpc*",
    "ec2:CreateVerifiedAccessEndpoint",
    "ec2:CreateVolume",
    "ec2:CreateVpcBlock*",
    "ec2:CreateVpcEncryption*",
    "ec2:CreateVpcEndpoint",
    "ec2:CreateVpcPeering*",
    "ec2:DeleteClient*",
    "ec2:DeleteInternet*",
    "ec2:DeleteKey*",
    "ec2:DeleteNetwork*",
    "ec2:DeleteOdb*",
    "ec2:DeleteRoute*",
    "ec2:DeleteSecurity*",
    "ec2:DeleteSnapshot",
    "ec2:DeleteSubnet",
    "ec2:DeleteTags",
    "ec2:DeleteTransitGatewayVpc*",
    "ec2:DeleteVolume",
    "ec2:DeleteVpc*",
    "ec2:DeregisterTransit*",
    "ec2:DetachInternet*",
    "ec2:DetachNetwork*",
    "ec2:DetachVolume",
    "ec2:DetachVpn*",
    "ec2:DisableApplication*",
    "ec2:DisableFast*",
    "ec2:DisableInstance*",
    "ec2:DisableRoute*",
    "ec2:DisableVgw*",
    "ec2:DisassociateAddress",
    "ec2:DisassociateApplication*",
    "ec2:DisassociateIam*",
    "ec2:DisassociateNat*",
    "ec2:DisassociateRoute*",
    "ec2:DisassociateSecurity*",
    "ec2:DisassociateSubnet*",
    "ec2:DisassociateVpc*",
    "ec2:EnableApplication*",
    "ec2:EnableFast*",
    "ec2:EnableInstance*",
    "ec2:EnableRoute*",
    "ec2:EnableVgw*",
    "ec2:EnableVolume*",
    "ec2:ImportImage",
    "ec2:ImportInstance",
    "ec2:ImportVolume",
    "ec2:InjectVolume*",
    "ec2:Lock*",
    "ec2:ModifyApplication*",
    "ec2:ModifyClient*",
    "ec2:ModifyFleet",
    "ec2:ModifyInstanceAttribute",
    "ec2:ModifyInstanceCapacity*",
    "ec2:ModifyInstanceConnect*",
    "ec2:ModifyInstanceCpu*",
    "ec2:ModifyInstanceCredit*",
    "ec2:ModifyInstanceEvent*",
    "ec2:ModifyInstanceMaintenance*",
    "ec2:ModifyInstanceMetadataOptions",
    "ec2:ModifyInstanceNetwork*",
    "ec2:ModifyInstancePlacement",
    "ec2:ModifyLocal*",
    "ec2:ModifyNetwork*",
    "ec2:ModifyOdb*",
    "ec2:ModifyPrivate*",
    "ec2:ModifyPublic*",
    "ec2:ModifySecurity*",
    "ec2:ModifySnapshot*",
    "ec2:ModifySpot*",
    "ec2:ModifySubnet*",
    "ec2:ModifyTransitGatewayVpc*",
    "ec2:ModifyVerified*",
    "ec2:ModifyVolume*",
    "ec2:ModifyVpcAttribute",
    "ec2:ModifyVpcEndpoint",
    "ec2:ModifyVpcPeering*",
    "ec2:ModifyVpcTenancy",
    "ec2:Monitor*",
    "ec2:Pause*",
    "ec2:Reboot*",
    "ec2:RegisterImage",
    "ec2:RegisterTransit*",
    "ec2:RejectVpc*",
    "ec2:ReplaceIam*",
    "ec2:ReplaceNetwork*",
    "ec2:ReplaceRoute*",
    "ec2:Request*",
    "ec2:ResetInstance*",
    "ec2:ResetNetwork*",
    "ec2:ResetSnapshot*",
    "ec2:RestoreSnapshot*",
    "ec2:RestoreVolume*",
    "ec2:Revoke*",
    "ec2:RunInstances",
    "ec2:Send*",
    "ec2:StartInstances",
    "ec2:Stop*",
    "ec2:Terminate*",
    "ec2:Unassign*",
    "ec2:Unlock*",
    "ec2:Unmonitor*",
    "ec2:UpdateSecurity*",
];

/** EC2 writes the guardrail leaves open, or cannot deny, with the reason. */
export interface ActionsLeftOpen {
    actions: readonly IamAction[];
    reason: string;
}

/** The writes on Redis-tagged resources the guardrail leaves open on purpose; the coverage test fails on any other gap. */
export const EC2_WRITES_LEFT_OPEN: readonly ActionsLeftOpen[] = [
    {
        actions: ["ec2:CreateTags"],
        reason: "other tag keys (cost tags) on Redis's resources stay the customer's; the Redis tag key itself is denied by DenyRedisTagKeyChanges",
    },
    {
        actions: ["ec2:CreateFlowLogs", "ec2:CreateNetworkInsightsPath"],
        reason: "observing Redis's network (flow logs, Reachability Analyzer paths) changes nothing Redis runs on",
    },
    {
        actions: ["ec2:AcceptVpcPeeringConnection"],
        reason: "the customer accepts, in its own VPC, the peering Redis Cloud requests from Redis's VPC: Redis's documented peering step",
    },
    {
        actions: [
            "ec2:AcceptTransitGatewayVpcAttachment",
            "ec2:RejectTransitGatewayVpcAttachment",
            "ec2:AssociateTransitGatewayRouteTable",
            "ec2:DisassociateTransitGatewayRouteTable",
            "ec2:EnableTransitGatewayRouteTablePropagation",
            "ec2:DisableTransitGatewayRouteTablePropagation",
            "ec2:CreateTransitGatewayRoute",
            "ec2:ReplaceTransitGatewayRoute",
            "ec2:CreateTransitGatewayPrefixListReference",
            "ec2:ModifyTransitGatewayPrefixListReference",
            "ec2:AssociateTransitGatewayPolicyTable",
            "ec2:DisassociateTransitGatewayPolicyTable",
            "ec2:AssociateTransitGatewayMulticastDomain",
            "ec2:DisassociateTransitGatewayMulticastDomain",
            "ec2:AcceptTransitGatewayMulticastDomainAssociations",
            "ec2:RejectTransitGatewayMulticastDomainAssociations",
            "ec2:CreateTransitGatewayRouteTableAnnouncement",
            "ec2:CreateTransitGatewayConnectPeer",
            "ec2:CreateTransitGatewayMeteringPolicy",
            "ec2:CreateTransitGatewayMeteringPolicyEntry",
            "ec2:ModifyTransitGatewayMeteringPolicy",
            "ec2:CreateVpnConnection",
        ],
        reason: "the transit gateway's owner accepts and routes Redis's VPC attachment on its own gateway (Redis's documented transit gateway step); deleting or modifying the attachment stays denied",
    },
    {
        actions: [
            "ec2:AcceptTransitGatewayClientVpnAttachment",
            "ec2:RejectTransitGatewayClientVpnAttachment",
            "ec2:DeleteTransitGatewayClientVpnAttachment",
            "ec2:AcceptTransitGatewayPeeringAttachment",
            "ec2:RejectTransitGatewayPeeringAttachment",
            "ec2:DeleteTransitGatewayPeeringAttachment",
            "ec2:DeleteTransitGatewayConnect",
        ],
        reason: "Redis creates only VPC attachments; client VPN, peering and Connect attachments are the customer's own",
    },
    {
        actions: [
            "ec2:AttachClassicLinkVpc",
            "ec2:DetachClassicLinkVpc",
            "ec2:EnableVpcClassicLink",
            "ec2:DisableVpcClassicLink",
            "ec2:EnableVpcClassicLinkDnsSupport",
            "ec2:DisableVpcClassicLinkDnsSupport",
        ],
        reason: "EC2-Classic was retired in 2023: these calls fail for every caller",
    },
];

/**
 * Uses of Redis's data that no SCP condition can single out, according to
 * AWS's data, with what covers them instead (docs/guardrail.md lists them).
 */
export const GUARDRAIL_CANNOT_DENY: readonly ActionsLeftOpen[] = [
    {
        actions: ["ec2:CopySnapshot"],
        reason:
            "AWS's data gives CopySnapshot no resource-tag key of the source snapshot (only the copy's request tags), so a tag condition never matches; " +
            "the guard pack refuses a stack's copy of a listed (or discovered) Redis snapshot ID at preview, and a customer-managed KMS key on Redis's volumes whose key policy leaves out the customer's roles refuses it at AWS",
    },
];

const escapeRegExp = (text: string) => text.replace(/[.+^$(){}|[\]\\]/g, "\\$&");

/** IAM's action matching: case-insensitive, `*` any run of characters, `?` one. */
export function actionMatches(pattern: string, action: string): boolean {
    const source = [...pattern].map((char) => (char === "*" ? ".*" : char === "?" ? "." : escapeRegExp(char))).join("");
    return new RegExp(`^${source}$`, "i").test(action);
}

/**
 * Run Command and Session Manager on an instance: code or a shell on a Redis
 * node. Systems Manager sets `aws:ResourceTag/<key>` from the target
 * instance's tags, so statement 1's condition covers them too.
 */
export const INSTANCE_ACCESS_ACTIONS: readonly IamAction[] = ["ssm:SendCommand", "ssm:StartSession"];

/**
 * The EBS direct APIs, which read and write a snapshot's blocks: on a Redis
 * snapshot, Redis's data copied out without a snapshot copy. Every one of
 * them carries `aws:ResourceTag`, set from the snapshot.
 */
export const SNAPSHOT_DATA_ACTIONS: readonly IamAction[] = ["ebs:*"];

/**
 * Statement 1's action list: {@link PROTECTED_EC2_ACTION_PATTERNS}, any of
 * Redis's own tag-scoped actions no pattern covers (so the guardrail follows
 * Redis's documents), {@link INSTANCE_ACCESS_ACTIONS} and
 * {@link SNAPSHOT_DATA_ACTIONS}; sorted.
 */
export function protectedActions(): IamAction[] {
    const covered = (action: IamAction) => PROTECTED_EC2_ACTION_PATTERNS.some((pattern) => actionMatches(pattern, action));
    const uncovered = actionsRedisScopesToItsTag().filter((action) => !covered(action));
    return uniqueSorted([...PROTECTED_EC2_ACTION_PATTERNS, ...uncovered, ...INSTANCE_ACCESS_ACTIONS, ...SNAPSHOT_DATA_ACTIONS]);
}

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
    return [...new Set([...REDIS_PRINCIPAL_ARN_PATTERNS, ...(options.breakGlassRoleArns ?? [])])];
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
            Condition: { StringEquals: { [GUARDRAIL_RESOURCE_TAG_CONDITION_KEY]: REDIS_TAG_VALUE }, ...unlessExempt },
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

const thousands = (n: number) => n.toLocaleString("en-US");

/** How each rendered SCP compares with AWS's limits, one line each, and what every target must have free. */
export function guardrailSizeReport(rendered: readonly string[]): string[] {
    const sizes = rendered.map((text, index) => {
        const size = policySize(text);
        return `SCP ${index + 1} of ${rendered.length}: ${thousands(size)} of ${thousands(SCP_MAX_SIZE)} characters (${Math.round((100 * size) / SCP_MAX_SIZE)}%)`;
    });
    const places =
        `each target needs ${rendered.length} free SCP place(s) of the ${MAX_SCPS_PER_TARGET} AWS allows; ` +
        "at deploy the component counts each target's attached SCPs (AWS Organizations ListPoliciesForTarget) and refuses a target without room";
    return [...sizes, places];
}

/** The guardrail as SCP documents, each (normally) within {@link SCP_MAX_SIZE}: one unless the exemptions are long. */
export function guardrailPolicyDocuments(options: GuardrailPolicyOptions = {}, limit: number = SCP_MAX_SIZE): PolicyDocument[] {
    return packStatements(guardrailStatements(options), limit);
}
