import type { ResourceValidationPolicy } from "@pulumi/policy";
import { REDIS_CLOUD_ACCOUNT_ID } from "../../core/redis-documents";
import { REDIS_PRINCIPAL_ARN_PATTERNS } from "../../core/guardrail-policy";
import { isRecord } from "../../core/values";
import { configOf, guarded } from "../lib/guarded";
import { REDIS_PRINCIPALS } from "../../core/redis-effects";
import { type DocumentScope, type Lockout, lockoutsOf, principalCovers, principalIsEveryone } from "../lib/iam-statements";
import { MAX_JSON_TEXT, displayPath, scanOrFailClosed, walkDecoded } from "../lib/property-scan";
import { rawProps } from "../lib/sdk-internals";
import { isUnknownSentinel } from "../lib/sdk-internals";

export const LOCKOUT_POLICY_NAME = "redis-lockout";

/** Where a document that binds Redis's principals by its own scope sits: the field, its scope, and how a message names it. */
interface LockoutPlace {
    field: string;
    what: string;
    /** The scope, or how to read it from the resource (a control policy's `type`). */
    scope: DocumentScope | ((props: Record<string, unknown>) => DocumentScope | undefined);
}

/** A control policy's type: an SCP unless it says otherwise (the aws provider's default); tag, backup and AI opt-out policies hold no IAM statements. */
const controlPolicyScope = (props: Record<string, unknown>): DocumentScope | undefined => {
    const type = props.type ?? "SERVICE_CONTROL_POLICY";
    return type === "SERVICE_CONTROL_POLICY" ? "scp" : type === "RESOURCE_CONTROL_POLICY" ? "rcp" : undefined;
};

/**
 * Documents that bind Redis's principals whoever attaches them: control
 * policies (an organisation's SCPs and RCPs), and resource policies of what
 * Redis uses (KMS keys for its volumes, VPC endpoints). An identity policy's
 * Deny binds only the principals it is attached to, so it is not listed: it can
 * lock Redis out only when attached to Redis's principals, which
 * redis-iam-canonical refuses.
 */
export const LOCKOUT_PLACES: Readonly<Record<string, LockoutPlace>> = {
    "aws:organizations/policy:Policy": { field: "content", what: "control policy", scope: controlPolicyScope },
    "aws-native:organizations:Policy": { field: "content", what: "control policy", scope: controlPolicyScope },
    "aws:kms/key:Key": { field: "policy", what: "key policy", scope: "resource" },
    "aws:kms/keyPolicy:KeyPolicy": { field: "policy", what: "key policy", scope: "resource" },
    "aws:kms/replicaKey:ReplicaKey": { field: "policy", what: "key policy", scope: "resource" },
    "aws-native:kms:Key": { field: "keyPolicy", what: "key policy", scope: "resource" },
    "aws-native:kms:ReplicaKey": { field: "keyPolicy", what: "key policy", scope: "resource" },
    "aws:ec2/vpcEndpoint:VpcEndpoint": { field: "policy", what: "VPC endpoint policy", scope: "resource" },
    "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy": { field: "policy", what: "VPC endpoint policy", scope: "resource" },
    "aws-native:ec2:VpcEndpoint": { field: "policyDocument", what: "VPC endpoint policy", scope: "resource" },
};

const SCOPE_NAMES: Readonly<Record<DocumentScope, string>> = {
    scp: "service control policy",
    rcp: "resource control policy",
    resource: "",
};

/** Templates and desired states that declare the same documents, by the field holding them. */
const CLOUD_CONTROL_TYPE = "aws:cloudcontrol/resource:Resource";
const TEMPLATE_FIELDS: Readonly<Record<string, string>> = {
    "aws:cloudformation/stack:Stack": "templateBody",
    "aws:cloudformation/stackSet:StackSet": "templateBody",
    "aws-native:cloudformation:Stack": "templateBody",
    [CLOUD_CONTROL_TYPE]: "desiredState",
};
/** The CloudFormation resource types of the same documents, with their template property names. */
const TEMPLATE_PLACES: Readonly<Record<string, LockoutPlace>> = {
    "AWS::Organizations::Policy": {
        field: "Content",
        what: "control policy",
        scope: (properties) => controlPolicyScope({ type: properties.Type }),
    },
    "AWS::KMS::Key": { field: "KeyPolicy", what: "key policy", scope: "resource" },
    "AWS::KMS::ReplicaKey": { field: "KeyPolicy", what: "key policy", scope: "resource" },
    "AWS::EC2::VPCEndpoint": { field: "PolicyDocument", what: "VPC endpoint policy", scope: "resource" },
};

/** Each Deny of the document at `place` in `props` that locks Redis out, reported with the field as `shownField`. */
function judgeDocument(
    props: Record<string, unknown>,
    place: LockoutPlace,
    shownField: string,
    regions: readonly string[] | undefined,
    reportViolation: (message: string) => void,
): void {
    const scope = typeof place.scope === "function" ? place.scope(props) : place.scope;
    if (scope === undefined) return;
    const document = documentOf(props[place.field]);
    if (document === undefined) return;
    const what = SCOPE_NAMES[scope] || place.what;
    if (document === "too large") {
        reportViolation(
            `${LOCKOUT_POLICY_NAME} cannot read the ${what} in field "${shownField}" (larger than ${MAX_JSON_TEXT} characters), so it cannot allow it.`,
        );
        return;
    }
    const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
    const principals = scope === "resource" ? principalsReaching(statements) : REDIS_PRINCIPALS;
    statements.forEach((statement, index) => {
        if (!isRecord(statement) || statement.Effect !== "Deny") return;
        const lockouts = lockoutsOf(statement, scope, regions, principals);
        if (lockouts.length) reportViolation(lockoutMessage(index, what, shownField, lockouts));
    });
}

/** A document as text or object; undefined when absent, unknown or not JSON (redis-iam-documents reads what it can of the rest). */
function documentOf(value: unknown): Record<string, unknown> | undefined | "too large" {
    if (typeof value === "string") {
        if (isUnknownSentinel(value) || !value.trimStart().startsWith("{")) return undefined;
        if (value.length > MAX_JSON_TEXT) return "too large";
        try {
            const parsed: unknown = JSON.parse(value);
            return isRecord(parsed) ? parsed : undefined;
        } catch {
            return undefined;
        }
    }
    return isRecord(value) ? value : undefined;
}

/**
 * Whom a resource policy's Deny can lock out: Redis's in-account principals,
 * which reach a key or endpoint through their own policies, and Redis Cloud's
 * account only where the same document grants it (a cross-account principal
 * has no access that the resource's own policy does not give).
 */
function principalsReaching(statements: readonly unknown[]) {
    const grantsRedisCloud = statements.some(
        (statement) =>
            isRecord(statement) &&
            statement.Effect === "Allow" &&
            !principalIsEveryone(statement) &&
            principalCovers(statement, REDIS_CLOUD_PRINCIPAL, false),
    );
    return grantsRedisCloud ? REDIS_PRINCIPALS : REDIS_PRINCIPALS.filter((principal) => principal !== REDIS_CLOUD_PRINCIPAL);
}
const REDIS_CLOUD_PRINCIPAL = REDIS_PRINCIPALS.find((principal) => principal.id === "redisCloudAccount")!;

/** The ArnNotLike patterns that exempt the principals a lockout names. */
const exemptionFor = (lockouts: readonly Lockout[]) => [
    ...new Set(
        lockouts.flatMap(({ principal }) =>
            principal.id === "redisCloudAccount"
                ? [`arn:aws:iam::${REDIS_CLOUD_ACCOUNT_ID}:*`]
                : REDIS_PRINCIPAL_ARN_PATTERNS.filter((pattern) => pattern.endsWith(`/${principal.label}`)),
        ),
    ),
];

/** The message for one statement's lockouts: who, what, why undecided, how to exempt. */
function lockoutMessage(index: number, what: string, field: string, lockouts: readonly Lockout[]): string {
    const stopped = lockouts.map(({ principal, need }) => `${principal.label} from ${need.action} (${need.source} allows it)`).join("; ");
    const undecided = [...new Set(lockouts.flatMap((lockout) => lockout.undecided))];
    const conservative = undecided.length
        ? ` The pack cannot decide ${undecided.join(", ")} at preview, so it judges the Deny as applying to Redis.`
        : "";
    const exemption = JSON.stringify({ ArnNotLike: { "aws:PrincipalArn": exemptionFor(lockouts) } });
    return (
        `Deny statement ${index + 1} of the ${what} in field "${field}" stops ${stopped}, which locks Redis Cloud out.${conservative} ` +
        `Exempt Redis's principals: add ${exemption} to the statement's Condition (or those ARNs to its ArnNotLike list), or narrow it to actions Redis never needs.`
    );
}

/**
 * A Deny that binds Redis's principals by its own scope (an SCP, an RCP, a
 * key or endpoint policy) and stops one of them from an action Redis's
 * documents allow, without exempting them, takes every database down as surely
 * as a terminated node. A Deny that exempts Redis, or denies only what Redis
 * never does, only protects, and passes.
 */
export const redisLockout: ResourceValidationPolicy = {
    name: LOCKOUT_POLICY_NAME,
    description:
        "No service or resource control policy, KMS key policy or VPC endpoint policy may deny Redis Cloud's principals an action Redis's documents allow them, unless it exempts them (ArnNotLike aws:PrincipalArn over Redis's principals).",
    remediationSteps:
        'Add {"ArnNotLike": {"aws:PrincipalArn": [' +
        REDIS_PRINCIPAL_ARN_PATTERNS.map((pattern) => `"${pattern}"`).join(", ") +
        "]}} to the Deny statement's Condition (and, in an RCP, Redis Cloud's account " +
        `arn:aws:iam::${REDIS_CLOUD_ACCOUNT_ID}:*), or narrow the statement to actions Redis never needs. Set \`regions\` so that region denies can be judged.`,
    severity: "critical",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            regions: {
                type: "array",
                items: { type: "string", pattern: "^[a-z]{2}(-[a-z]+)+-\\d+$" },
                minItems: 1,
                uniqueItems: true,
                description:
                    "The AWS regions Redis Cloud runs in for this organisation (such as us-east-1). A Deny on aws:RequestedRegion is judged against them; without them it cannot be decided and is judged as applying to Redis.",
            },
        },
    },
    validateResource: guarded(LOCKOUT_POLICY_NAME, (args, reportViolation) => {
        const place = LOCKOUT_PLACES[args.type];
        const templateField = TEMPLATE_FIELDS[args.type];
        if (place === undefined && templateField === undefined) return;
        const props = rawProps(args.props);
        if (!isRecord(props)) return;
        const configured = configOf(args).regions;
        const regions = Array.isArray(configured) ? configured.filter((region): region is string => typeof region === "string") : undefined;
        if (place !== undefined) {
            judgeDocument(props, place, place.field, regions, reportViolation);
            return;
        }
        // Cloud Control's desired state is one resource's properties; a template's resources each name their type.
        if (args.type === CLOUD_CONTROL_TYPE) {
            const cfnPlace = typeof props.typeName === "string" ? TEMPLATE_PLACES[props.typeName] : undefined;
            const desired = typeof props.desiredState === "string" ? documentOf(props.desiredState) : undefined;
            if (cfnPlace && isRecord(desired)) judgeDocument(desired, cfnPlace, `${templateField}.*`, regions, reportViolation);
            return;
        }
        // What a guard cannot read, it cannot allow: a template past the scan's bounds fails closed, naming the field.
        scanOrFailClosed(
            LOCKOUT_POLICY_NAME,
            () => {
                walkDecoded(
                    { [templateField]: props[templateField] },
                    {
                        decodes: (text) => text.includes("AWS::"),
                        object(value, pathOf) {
                            const cfnPlace = typeof value.Type === "string" ? TEMPLATE_PLACES[value.Type] : undefined;
                            if (cfnPlace && isRecord(value.Properties)) {
                                judgeDocument(
                                    value.Properties,
                                    cfnPlace,
                                    `${displayPath(pathOf())}.Properties.${cfnPlace.field}`,
                                    regions,
                                    reportViolation,
                                );
                            }
                        },
                    },
                );
                return [];
            },
            reportViolation,
        );
    }),
};
