/**
 * The reviewed uses of what Redis owns. The default-deny policies block every
 * resource that names a Redis-managed ID or the Redis tag key anywhere in its
 * inputs, except where the (type, field) is listed here: these fields only
 * *refer* to a Redis resource from a resource of the customer's, and changing
 * them changes nothing of Redis's. The README's table of allowed references is
 * generated from this data (`npm run docs`); keep each entry reviewed and
 * short, since every entry is a hole in the guard.
 *
 * A field covers the path itself and everything beneath it (`dimensions`
 * covers `dimensions.InstanceId`; `ingress[].securityGroups` its elements).
 */
import { isRecord } from "../../core/values";
import { isRedisName } from "./redis-iam";
import { isUnknownSentinel } from "./sdk-internals";
import { isUnder } from "./property-scan";
import { REDIS_CLOUD_ACCOUNT_TYPE } from "../../core/type-tokens";
import { exemptsRedisPrincipals } from "./iam-statements";

/** Extra conditions a reference needs, as data: the name, what it means, and the check on the raw inputs. */
export const REFERENCE_CONDITIONS = {
    notifyOnly: {
        means: "only if every alarm action notifies: an SNS topic or a Systems Manager OpsItem (no EC2 stop, terminate, reboot or recover action)",
        holds: (props: unknown) => ["alarmActions", "okActions", "insufficientDataActions"].every((field) => onlySnsTopics(props, field)),
    },
    denyOnly: {
        means: "only if every statement of the policy document is a Deny: an identity policy's deny binds only the customer's principals it is attached to (attaching one to Redis's is refused), so it can protect Redis's resources, never grant on them or lock Redis out",
        holds: (props: unknown) => isRecord(props) && denyOnlyDocument(props.policy, false),
    },
    denyOnlyExemptingRedis: {
        means: "only if every statement is a Deny whose condition exempts Redis's three principals (for example ArnNotLike on aws:PrincipalArn, as RedisManagedGuardrail's do; judged by lib/iam-statements.ts, as redis-lockout judges): a control policy binds Redis's principals too, so a deny that does not exempt them locks Redis out",
        holds: (props: unknown) => isRecord(props) && denyOnlyDocument(props.content, true),
    },
    accepterSideOnly: {
        means: "only the accepter's side of the options (the customer's VPC accepting Redis's request); the requester's side is Redis's",
        holds: (props: unknown) =>
            isRecord(props) && isRecord(props.accepter) && (props.requester === undefined || props.requester === null),
    },
} as const;

/** A policy document, as text or object, whose every statement denies (and, with `exemptingRedis`, exempts Redis's principals). */
function denyOnlyDocument(value: unknown, exemptingRedis: boolean): boolean {
    if (value === undefined || value === null) return false;
    let document: unknown = value;
    if (typeof value === "string") {
        try {
            document = JSON.parse(value);
        } catch {
            return false;
        }
    }
    if (!isRecord(document)) return false;
    const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
    return (
        statements.length > 0 &&
        statements.every(
            (statement) => isRecord(statement) && statement.Effect === "Deny" && (!exemptingRedis || exemptsRedisPrincipals(statement)),
        )
    );
}
export type ReferenceCondition = keyof typeof REFERENCE_CONDITIONS;

function onlySnsTopics(props: unknown, field: string): boolean {
    const actions = isRecord(props) ? props[field] : undefined;
    if (actions === undefined || actions === null || isUnknownSentinel(actions)) return true;
    if (!Array.isArray(actions)) return false;
    // Unknown elements (a topic created in the same stack) are decided at `pulumi up`, when they are known.
    return actions.every(
        (action) =>
            isUnknownSentinel(action) || (typeof action === "string" && /^arn:aws[a-z-]*:(sns:|ssm:[^:]*:[^:]*:opsitem:)/.test(action)),
    );
}

export interface ReferenceUse {
    type: string;
    /** Fields (normalized paths) that may hold a Redis ID. */
    fields: string[];
    /** What the use is, for the README. */
    use: string;
    when?: ReferenceCondition;
}

/** Any type (`*`): a free-text description names, but never acts on, what it mentions. */
const DESCRIPTIONS = { type: "*", fields: ["description"], use: "a free-text description (it names, never acts)" };

/** Where a Redis-managed ID may appear. Everything else that names one is a violation. */
export const ID_REFERENCE_USES: readonly ReferenceUse[] = [
    DESCRIPTIONS,
    // Security group rules of the customer's own groups, whose source or destination is a Redis group.
    {
        type: "aws:ec2/securityGroupRule:SecurityGroupRule",
        fields: ["sourceSecurityGroupId"],
        use: "a rule in the customer's group whose source is the Redis group",
    },
    {
        type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        fields: ["referencedSecurityGroupId"],
        use: "an ingress rule in the customer's group from the Redis group",
    },
    {
        type: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
        fields: ["referencedSecurityGroupId"],
        use: "an egress rule in the customer's group to the Redis group",
    },
    {
        type: "aws:ec2/securityGroup:SecurityGroup",
        fields: ["ingress[].securityGroups", "egress[].securityGroups"],
        use: "inline rules of the customer's group naming the Redis group",
    },
    {
        type: "aws-native:ec2:SecurityGroupIngress",
        fields: ["sourceSecurityGroupId"],
        use: "an ingress rule in the customer's group from the Redis group",
    },
    {
        type: "aws-native:ec2:SecurityGroupEgress",
        fields: ["destinationSecurityGroupId"],
        use: "an egress rule in the customer's group to the Redis group",
    },
    {
        type: "aws-native:ec2:SecurityGroup",
        fields: ["securityGroupIngress[].sourceSecurityGroupId", "securityGroupEgress[].destinationSecurityGroupId"],
        use: "inline rules of the customer's group naming the Redis group",
    },
    // Routes in the customer's tables to the Redis peering, and peering with the Redis VPC.
    { type: "aws:ec2/route:Route", fields: ["vpcPeeringConnectionId"], use: "a route in a customer table to the Redis peering" },
    {
        type: "aws:ec2/routeTable:RouteTable",
        fields: ["routes[].vpcPeeringConnectionId"],
        use: "an inline route in a customer table to the Redis peering",
    },
    { type: "aws-native:ec2:Route", fields: ["vpcPeeringConnectionId"], use: "a route in a customer table to the Redis peering" },
    {
        type: "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter",
        fields: ["vpcPeeringConnectionId"],
        use: "accepting Redis's peering request",
    },
    {
        type: "aws:ec2/vpcPeeringConnection:VpcPeeringConnection",
        fields: ["peerVpcId"],
        use: "a peering request from the customer's VPC to the Redis VPC",
    },
    {
        type: "aws-native:ec2:VpcPeeringConnection",
        fields: ["peerVpcId"],
        use: "a peering request from the customer's VPC to the Redis VPC",
    },
    // Transit gateways: the customer's gateway routes to and associates Redis's attachment.
    {
        type: "aws:ec2transitgateway/route:Route",
        fields: ["transitGatewayAttachmentId"],
        use: "a transit gateway route to Redis's attachment",
    },
    {
        type: "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
        fields: ["transitGatewayAttachmentId"],
        use: "associating Redis's attachment with a customer gateway route table",
    },
    {
        type: "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
        fields: ["transitGatewayAttachmentId"],
        use: "propagating Redis's attachment into a customer gateway route table",
    },
    {
        type: "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter",
        fields: ["transitGatewayAttachmentId"],
        use: "accepting Redis's attachment to the customer's gateway",
    },
    {
        type: "aws-native:ec2:TransitGatewayRoute",
        fields: ["transitGatewayAttachmentId"],
        use: "a transit gateway route to Redis's attachment",
    },
    {
        type: "aws-native:ec2:TransitGatewayRouteTableAssociation",
        fields: ["transitGatewayAttachmentId"],
        use: "associating Redis's attachment with a customer gateway route table",
    },
    {
        type: "aws-native:ec2:TransitGatewayRouteTablePropagation",
        fields: ["transitGatewayAttachmentId"],
        use: "propagating Redis's attachment into a customer gateway route table",
    },
    // Observation only.
    {
        type: "aws:ec2/flowLog:FlowLog",
        fields: ["vpcId", "subnetId", "eniId", "transitGatewayAttachmentId"],
        use: "a flow log of Redis's network (observes, changes nothing)",
    },
    { type: "aws-native:ec2:FlowLog", fields: ["resourceId"], use: "a flow log of Redis's network (observes, changes nothing)" },
    {
        type: "aws:cloudwatch/metricAlarm:MetricAlarm",
        fields: ["dimensions", "metricQueries[].metric.dimensions"],
        use: "an alarm on a Redis resource's metrics",
        when: "notifyOnly",
    },
    {
        type: "aws-native:cloudwatch:Alarm",
        fields: ["dimensions[].value", "metrics[].metricStat.metric.dimensions[].value"],
        use: "an alarm on a Redis resource's metrics",
        when: "notifyOnly",
    },
    // Observation (issue 17): each reads or reports, and what acts on the result (an event target, a remediation) is its own resource, judged on its own.
    { type: "aws:cloudwatch/dashboard:Dashboard", fields: ["dashboardBody"], use: "a dashboard of a Redis resource's metrics (observes)" },
    {
        type: "aws:cloudwatch/eventRule:EventRule",
        fields: ["eventPattern"],
        use: "an event rule matching Redis's events, such as changes to its security group (matching observes; its targets are judged on their own)",
    },
    {
        type: "aws:cfg/rule:Rule",
        fields: ["scope.complianceResourceId"],
        use: "an AWS Config rule scoped to a Redis resource (evaluates and reports; a remediation is its own resource)",
    },
    {
        type: "aws:ec2/networkInsightsPath:NetworkInsightsPath",
        fields: ["source", "destination"],
        use: "a Reachability Analyzer path to or from a Redis resource (analyses, sends nothing)",
    },
    {
        type: "aws:route53/resolverQueryLogConfigAssociation:ResolverQueryLogConfigAssociation",
        fields: ["resourceId"],
        use: "DNS query logging of the Redis VPC (observes)",
    },
    {
        type: "aws:cloudwatch/logGroup:LogGroup",
        fields: ["name"],
        use: "a log group named after a Redis resource, such as its flow logs' (a label)",
    },
    {
        type: "aws:ssm/parameter:Parameter",
        fields: ["value", "insecureValue"],
        use: "a parameter handing a Redis ID to another stack (a label; the stack that reads it has the ID in its own inputs, judged there, unless it reads it at deploy time in a template)",
    },
    // Protection: a deny names what it protects.
    {
        type: "aws:iam/policy:Policy",
        fields: ["policy"],
        use: "a policy that only denies, for example on Redis's resources",
        when: "denyOnly",
    },
    { type: "aws:iam/rolePolicy:RolePolicy", fields: ["policy"], use: "an inline policy that only denies", when: "denyOnly" },
    { type: "aws:iam/userPolicy:UserPolicy", fields: ["policy"], use: "an inline policy that only denies", when: "denyOnly" },
    {
        type: "aws:organizations/policy:Policy",
        fields: ["content"],
        use: "a control policy that only denies, exempting Redis's principals, for example changes to Redis's resources",
        when: "denyOnlyExemptingRedis",
    },
    // The customer's own side of a peering with Redis.
    {
        type: "aws:ec2/peeringConnectionOptions:PeeringConnectionOptions",
        fields: ["vpcPeeringConnectionId"],
        use: "the customer's side of the options of Redis's peering (DNS resolution from its own VPC)",
        when: "accepterSideOnly",
    },
    // Names that point at Redis's endpoints.
    { type: "aws:route53/record:Record", fields: ["records", "aliases[].name"], use: "a DNS record pointing at a Redis endpoint" },
    {
        type: "aws-native:route53:RecordSet",
        fields: ["resourceRecords", "aliasTarget.dnsName"],
        use: "a DNS record pointing at a Redis endpoint",
    },
    // An exclusion only lifts VPC Block Public Access: for Redis's VPC it keeps Redis reachable (redis-account-settings asks for it).
    {
        type: "aws:ec2/vpcBlockPublicAccessExclusion:VpcBlockPublicAccessExclusion",
        fields: ["vpcId", "subnetId"],
        use: "an exclusion of Redis's VPC or subnet from VPC Block Public Access, which keeps Redis reachable",
    },
    {
        type: "aws-native:ec2:VpcBlockPublicAccessExclusion",
        fields: ["vpcId", "subnetId"],
        use: "an exclusion of Redis's VPC or subnet from VPC Block Public Access, which keeps Redis reachable",
    },
];

/**
 * Dynamic providers' resources: every input is data for the provider's own
 * code, so a field named `description` is no free text there, and no reviewed
 * use of every type applies to them. Their type is `pulumi-nodejs:dynamic:Resource`
 * (or Python's), or `pulumi-nodejs:dynamic/<module>:<Name>` for one that names its type.
 */
export const DYNAMIC_PROVIDER_TYPES: ReadonlySet<string> = new Set(["pulumi-nodejs:dynamic:Resource", "pulumi-python:dynamic:Resource"]);
export const isDynamicProviderType = (type: string): boolean =>
    DYNAMIC_PROVIDER_TYPES.has(type) || /^pulumi-(?:nodejs|python):dynamic\//.test(type);

/** Indexed by type, once; a `*` entry applies to every type but a dynamic provider's. */
const byType = <T extends { type: string }>(uses: readonly T[]): ReadonlyMap<string, readonly T[]> => {
    const index = new Map<string, T[]>();
    for (const use of uses) index.set(use.type, [...(index.get(use.type) ?? []), use]);
    const everyType = index.get("*") ?? [];
    for (const [type, list] of index) if (type !== "*" && !isDynamicProviderType(type)) list.push(...everyType);
    return index;
};

/** The reviewed uses for a type: its own and those of every type (none of every type for a dynamic provider's). */
export const usesFor = <T>(index: ReadonlyMap<string, readonly T[]>, type: string): readonly T[] =>
    index.get(type) ?? (isDynamicProviderType(type) ? [] : (index.get("*") ?? []));
export const ID_REFERENCES_BY_TYPE = byType(ID_REFERENCE_USES);

/** Resource types whose content may name the tag key because it can only restrict, never grant (control policies). */
const CONTROL_POLICY_TYPES = new Set(["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"]);
/** Extra conditions for the tag key's reviewed uses. */
export const TAG_KEY_CONDITIONS = {
    controlPolicy: {
        means: "only for a service or resource control policy, which can deny but never grant",
        holds: (props: unknown) => isRecord(props) && typeof props.type === "string" && CONTROL_POLICY_TYPES.has(props.type),
    },
    redisPolicy: {
        means: "only for a policy named as one of Redis's two, whose text redis-iam-canonical holds to Redis's document",
        holds: (props: unknown) => isRecord(props) && typeof props.name === "string" && isRedisName("policy", props.name),
    },
} as const;
export type TagKeyCondition = keyof typeof TAG_KEY_CONDITIONS;

/** Where the Redis tag key may appear. Everything else that names it is a violation. */
export const TAG_KEY_REFERENCE_USES: readonly (Omit<ReferenceUse, "when"> & { when?: TagKeyCondition })[] = [
    DESCRIPTIONS,
    {
        type: "aws:organizations/policy:Policy",
        fields: ["content"],
        use: "a control policy that denies changes to Redis's tagged resources (RedisManagedGuardrail writes one)",
        when: "controlPolicy",
    },
    {
        type: "aws-native:organizations:Policy",
        fields: ["content"],
        use: "a control policy that denies changes to Redis's tagged resources",
        when: "controlPolicy",
    },
    {
        type: "aws:iam/policy:Policy",
        fields: ["policy"],
        use: "Redis's own policies, whose conditions name the tag",
        when: "redisPolicy",
    },
];
export const TAG_KEY_REFERENCES_BY_TYPE = byType(TAG_KEY_REFERENCE_USES);

/**
 * Where Redis's IAM names (its user, roles, instance profile and policies) and
 * Redis Cloud's account ID may appear outside IAM resources and policy
 * statements (those are judged by effect, by redis-iam-canonical and
 * redis-iam-documents). Everything else that names one is a violation of
 * redis-node-role-reserved: a shell command, a buildspec, an SSM document, a
 * function's input or a template that names Redis's user acts as or on it.
 */
export const NAME_REFERENCE_USES: readonly (Omit<ReferenceUse, "when"> & { when?: ReferenceCondition | TagKeyCondition })[] = [
    DESCRIPTIONS,
    {
        type: "aws:organizations/policy:Policy",
        fields: ["content"],
        use: "a control policy's text (it can deny, never grant; redis-iam-documents judges whether a deny locks Redis out)",
        when: "controlPolicy",
    },
    {
        type: "aws-native:organizations:Policy",
        fields: ["content"],
        use: "a control policy's text (it can deny, never grant)",
        when: "controlPolicy",
    },
    // Observation: each reads or reports what Redis's principals do; what acts on the result is its own resource, judged on its own.
    {
        type: "aws:cloudwatch/dashboard:Dashboard",
        fields: ["dashboardBody"],
        use: "a dashboard of Redis's principals' activity (observes)",
    },
    {
        type: "aws:cloudwatch/eventRule:EventRule",
        fields: ["eventPattern"],
        use: "an event rule matching calls by or on Redis's principals, such as AssumeRole of redislabs-role (matching observes; its targets are judged on their own)",
    },
    { type: "aws-native:events:Rule", fields: ["eventPattern"], use: "an event rule matching calls by or on Redis's principals" },
    {
        type: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
        fields: ["pattern", "name", "metricTransformation.name"],
        use: "a metric filter counting CloudTrail events of Redis's principals, such as a new key for redislabs-user (counts, changes nothing)",
    },
    {
        type: "aws:cloudwatch/metricAlarm:MetricAlarm",
        fields: ["alarmName", "alarmDescription", "metricName", "dimensions", "metricQueries"],
        use: "an alarm on such a metric",
        when: "notifyOnly",
    },
    {
        type: "aws:cfg/rule:Rule",
        fields: ["scope", "inputParameters"],
        use: "an AWS Config rule scoped to or evaluating Redis's principals or policies (evaluates and reports; a remediation is its own resource)",
    },
    {
        type: "aws:cloudwatch/logGroup:LogGroup",
        fields: ["name"],
        use: "a log group named after Redis's principals (a label)",
    },
    {
        type: "aws:ssm/parameter:Parameter",
        fields: ["value", "insecureValue"],
        use: "a parameter handing a Redis name to another stack (a label; what reads it is judged where it uses the name, unless it reads it at deploy time in a template)",
    },
    // Redis's own registration: the console's "Add cloud account" form asks for the user's name (components/redis-cloud-account.ts).
    {
        type: REDIS_CLOUD_ACCOUNT_TYPE,
        fields: ["consoleUsername", "__provider"],
        use: "registering Redis's user with Redis Cloud (RedisCloudAccount: the console asks for the user's name, and its provider's code names the user and its policy in an error's advice); a forged provider of this type could run any code whatever names it holds, so names in its code decide nothing",
    },
];
export const NAME_REFERENCES_BY_TYPE = byType(NAME_REFERENCE_USES);

const NAME_CONDITIONS: Record<string, { holds: (props: unknown) => boolean }> = { ...REFERENCE_CONDITIONS, ...TAG_KEY_CONDITIONS };
/** Whether a Redis name at `path` of this resource is a reviewed use (NAME_REFERENCE_USES). */
export const isNameReferenceUse = (type: string, path: string, props: unknown): boolean =>
    usesFor(NAME_REFERENCES_BY_TYPE, type).some(
        (use) => use.fields.some((field) => isUnder(path, field)) && (use.when === undefined || NAME_CONDITIONS[use.when].holds(props)),
    );

/** Types whose own ID is Redis's: accepting Redis's request gives the accepter the request's ID, so its outputs name it. */
export const ACCEPTER_TYPES: ReadonlySet<string> = new Set([
    "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter",
    "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter",
]);
