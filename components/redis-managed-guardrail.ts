import * as pulumi from "@pulumi/pulumi";
import * as organizations from "@pulumi/aws/organizations";
import {
    DEFAULT_GUARDRAIL_POLICY_NAME,
    MAX_GUARDRAIL_POLICIES,
    MAX_SCPS_PER_TARGET,
    SCP_MAX_SIZE,
    guardrailPolicyDocuments,
    policySize,
    renderPolicy,
} from "../core/guardrail-policy";
import { REDIS_TAG_KEY, REDIS_TAG_VALUE } from "../core/redis-documents";
import { REDIS_MANAGED_GUARDRAIL_TYPE } from "../core/type-tokens";
import { argError, checkBoolean, checkEnum, checkInput, checkTags, closestName } from "./validation";

const COMPONENT = "RedisManagedGuardrail";

/** Whether the guardrail is enforced or only created for review. */
export const GuardrailMode = {
    /** Create the SCP(s) and attach them to every target. The default. */
    Enforce: "enforce",
    /** Create the SCP(s) without attaching them, to review the text (or attach by hand) before enforcing. */
    Audit: "audit",
} as const;
/** A value of {@link GuardrailMode}: its member (`GuardrailMode.Audit`) or the string itself (`"audit"`). */
export type GuardrailMode = (typeof GuardrailMode)[keyof typeof GuardrailMode];

/** The AWS Organizations IDs an SCP can be attached to. */
export const ORGANIZATIONS_TARGET_ID_PATTERNS = {
    account: /^\d{12}$/,
    organizationalUnit: /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/,
    root: /^r-[0-9a-z]{4,32}$/,
} as const;

/**
 * A role ARN in the `aws` partition only (Redis's exemptions, and Redis's own
 * policies, are written for it): a 12-digit account or `*`, and no other wildcard.
 */
export const BREAK_GLASS_ROLE_ARN_PATTERN = /^arn:aws:iam::(\d{12}|\*):role\/[\w+=,.@/-]+$/;

/**
 * An IAM Identity Center (SSO) role, the usual holder of break-glass access:
 * `arn:aws:iam::<account>:role/aws-reserved/sso.amazonaws.com/[<region>/]AWSReservedSSO_<permission set>_<hash>`.
 * Its hash differs per account, so `*` may stand for the hash (and for the
 * account, or the region segment): `...:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_*`.
 * Such a wildcard also matches permission sets whose names start with `Admin_`.
 */
export const IDENTITY_CENTER_ROLE_ARN_PATTERN =
    /^arn:aws:iam::(\d{12}|\*):role\/aws-reserved\/sso\.amazonaws\.com\/(([a-z]{2}(-[a-z]+)+-\d|\*)\/)?AWSReservedSSO_[\w+=,.@-]{1,32}_([0-9a-f]{16}|\*)$/;

const isAllowedRoleArn = (arn: string) => BREAK_GLASS_ROLE_ARN_PATTERN.test(arn) || IDENTITY_CENTER_ROLE_ARN_PATTERN.test(arn);

/** Organizations' policy name is 1 to 128 characters; room is kept for the `-N` suffix of a split guardrail. */
export const GUARDRAIL_POLICY_NAME_MAX_LENGTH = 120;
export const GUARDRAIL_DESCRIPTION_MAX_LENGTH = 512;
const DEFAULT_DESCRIPTION = `Denies changes to Redis Cloud BYOC resources (tagged ${REDIS_TAG_KEY}=${REDIS_TAG_VALUE}), to that tag and to Redis's IAM identities, except by Redis's own principals.`;

export interface RedisManagedGuardrailArgs {
    /**
     * Where to attach the SCP(s): account IDs (12 digits), OU IDs
     * (`ou-xxxx-xxxxxxxx`) or the root ID (`r-xxxx`), each once. At least one
     * unless `mode` is `GuardrailMode.Audit`, in which case they are
     * checked but not attached. Plain strings: the number of attachments is
     * decided when the component is constructed.
     */
    targetIds?: string[];
    /**
     * Role ARNs that stay able to change Redis's resources and its tag, for
     * emergencies (for example `arn:aws:iam::123456789012:role/BreakGlass`,
     * or `*` for the account). Include the role's path if it has one. IAM
     * Identity Center roles are accepted, with `*` for the per-account hash:
     * `arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_BreakGlass_*`.
     * Default none.
     */
    breakGlassRoleArns?: string[];
    /**
     * Also deny every IAM write to Redis's identities and policies
     * (`redislabs-user`, `redislabs-role`, `redislabs-cluster-node-role`, its
     * instance profile, the two Redis policies) and passing the node role,
     * except by Redis, break-glass roles and `identityAdminRoleArns`. Without
     * it, anyone who can create a key for `redislabs-user` can act as Redis
     * and so around the guardrail. Default true.
     */
    protectRedisIdentities?: boolean;
    /**
     * Role ARNs that may manage Redis's identities: list the role that runs
     * `pulumi up` of `RedisCloudIam` in the target accounts, or that stack can
     * no longer create, rotate or change them (the component warns when this
     * is empty and `protectRedisIdentities` is on). Same form as `breakGlassRoleArns`.
     */
    identityAdminRoleArns?: string[];
    /** `GuardrailMode.Enforce` (the default) attaches the SCP(s); `GuardrailMode.Audit` only creates them. */
    mode?: GuardrailMode;
    /**
     * AWS name of the SCP, unique in the organization, up to 120 characters. Default
     * `RedisManagedResourcesGuardrail`; `-1`, `-2`… is appended when the
     * guardrail needs several policies.
     */
    policyName?: string;
    /** Description of the SCP(s), up to 512 characters. */
    description?: string;
    /** Tags for the SCP(s). At most 50; `RedisLabsIdentifier` and keys starting with `aws:` are reserved. */
    tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /**
     * Set `protect` on the SCP(s) and attachments, so that removing the
     * backstop takes a deliberate step. Default true.
     */
    protectResources?: boolean;
}

/** Every arg, so that a misspelt one (`breakGlassRoleArn`) is refused by name rather than dropped; the compiler keeps it complete. */
const GUARDRAIL_ARG_NAMES: Readonly<Record<keyof RedisManagedGuardrailArgs, true>> = {
    targetIds: true,
    breakGlassRoleArns: true,
    protectRedisIdentities: true,
    identityAdminRoleArns: true,
    mode: true,
    policyName: true,
    description: true,
    tags: true,
    protectResources: true,
};

function checkArgNames(args: object): void {
    const known = Object.keys(GUARDRAIL_ARG_NAMES);
    for (const name of Object.keys(args)) {
        if (known.includes(name)) continue;
        const guess = closestName(name, known);
        throw argError(
            COMPONENT,
            name,
            `is not an arg of ${COMPONENT}${guess ? ` (did you mean "${guess}"?)` : ""}; its args: ${known.join(", ")}`,
        );
    }
}

/** Warnings for args that are valid but probably not what was meant; the component logs them, the plan prints them. */
function guardrailWarnings(protectRedisIdentities: boolean, identityAdminRoleArns: string[]): string[] {
    if (!protectRedisIdentities || identityAdminRoleArns.length) return [];
    return [
        `${COMPONENT} args.identityAdminRoleArns is empty while protectRedisIdentities is on: only Redis and the break-glass roles ` +
            "may then change Redis's identities, so `pulumi up` of RedisCloudIam in the target accounts (creating, rotating or changing " +
            "them) fails with AccessDenied. List the role that runs it, for example arn:aws:iam::123456789012:role/pulumi-deployer.",
    ];
}

interface ValidatedArgs {
    targetIds: string[];
    breakGlassRoleArns: string[];
    protectRedisIdentities: boolean;
    identityAdminRoleArns: string[];
    mode: GuardrailMode;
    policyName: string;
    description: string;
    tags: pulumi.Input<Record<string, string>> | undefined;
    protectResources: boolean;
}

/** A list of unique strings, each accepted by `isAllowed`; `allowed` completes "each entry must be …". */
function checkUniqueList(field: string, allowed: string, isAllowed: (item: string) => boolean): (value: unknown) => string[] {
    return (value) => {
        if (value === undefined || value === null) return [];
        if (!Array.isArray(value)) throw argError(COMPONENT, field, `must be a list; each entry must be ${allowed}`);
        for (const item of value) {
            if (typeof item !== "string" || !isAllowed(item)) {
                const shown = typeof item === "string" ? `"${item}"` : "an entry that is not a string";
                throw argError(COMPONENT, field, `${shown} is not allowed; each entry must be ${allowed}`);
            }
        }
        const repeated = value.find((item, index) => value.indexOf(item) !== index);
        if (repeated !== undefined) throw argError(COMPONENT, field, `"${repeated}" is listed twice; each entry must be unique`);
        return value;
    };
}

const TARGET_IDS_ALLOWED = "an AWS Organizations account ID (12 digits), OU ID (such as ou-ab12-cdef3456) or root ID (such as r-ab12)";
const checkTargetIds = checkUniqueList("targetIds", TARGET_IDS_ALLOWED, (id) =>
    Object.values(ORGANIZATIONS_TARGET_ID_PATTERNS).some((pattern) => pattern.test(id)),
);
const ROLE_ARN_ALLOWED =
    "an IAM role ARN such as arn:aws:iam::123456789012:role/BreakGlass (partition aws; a 12-digit account ID, or * for every account; " +
    "no other wildcard), or an IAM Identity Center role such as " +
    "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef, whose hash may be *";
const checkBreakGlassRoleArns = checkUniqueList("breakGlassRoleArns", ROLE_ARN_ALLOWED, isAllowedRoleArn);
const checkIdentityAdminRoleArns = checkUniqueList("identityAdminRoleArns", ROLE_ARN_ALLOWED, isAllowedRoleArn);

function checkText(field: string, maxLength: number, fallback: string): (value: unknown) => string {
    return (value) => {
        if (value === undefined || value === null) return fallback;
        if (typeof value !== "string" || value.trim().length === 0 || value.length > maxLength) {
            throw argError(COMPONENT, field, `must be a non-blank string of at most ${maxLength} characters`);
        }
        return value;
    };
}

/** Checks every arg, and that the resulting SCP(s) fit AWS's limits; throws before anything is registered. */
export function validateRedisManagedGuardrailArgs(
    args: RedisManagedGuardrailArgs | undefined,
): ValidatedArgs & { documents: string[]; warnings: string[] } {
    const a: Partial<RedisManagedGuardrailArgs> = args ?? {};
    if (typeof a !== "object" || a === null || Array.isArray(a)) throw argError(COMPONENT, "args", "must be an object of the args");
    checkArgNames(a);
    const mode = checkEnum(COMPONENT, "mode", GuardrailMode)(a.mode) ?? GuardrailMode.Enforce;
    const targetIds = checkTargetIds(a.targetIds);
    if (mode === GuardrailMode.Enforce && targetIds.length === 0) {
        throw argError(
            COMPONENT,
            "targetIds",
            `must list at least one target to attach the guardrail to, each ${TARGET_IDS_ALLOWED}; or set mode to "${GuardrailMode.Audit}" to create it unattached`,
        );
    }
    const breakGlassRoleArns = checkBreakGlassRoleArns(a.breakGlassRoleArns);
    const protectRedisIdentities = checkBoolean(COMPONENT, "protectRedisIdentities")(a.protectRedisIdentities) ?? true;
    const identityAdminRoleArns = checkIdentityAdminRoleArns(a.identityAdminRoleArns);
    const documents = guardrailPolicyDocuments({ breakGlassRoleArns, protectRedisIdentities, identityAdminRoleArns }).map(renderPolicy);
    const largest = Math.max(...documents.map(policySize));
    if (documents.length > MAX_GUARDRAIL_POLICIES || largest > SCP_MAX_SIZE) {
        throw argError(
            COMPONENT,
            "breakGlassRoleArns",
            `${identityAdminRoleArns.length ? "together with identityAdminRoleArns, " : ""}makes the guardrail too large: it would need ${documents.length} SCP(s) (largest ${largest} characters); ` +
                `AWS allows ${SCP_MAX_SIZE} characters per SCP and ${MAX_GUARDRAIL_POLICIES} besides FullAWSAccess per target. ` +
                "List fewer roles, or one role per account with * as the account",
        );
    }
    return {
        targetIds,
        breakGlassRoleArns,
        protectRedisIdentities,
        identityAdminRoleArns,
        mode,
        policyName: checkText("policyName", GUARDRAIL_POLICY_NAME_MAX_LENGTH, DEFAULT_GUARDRAIL_POLICY_NAME)(a.policyName),
        description: checkText("description", GUARDRAIL_DESCRIPTION_MAX_LENGTH, DEFAULT_DESCRIPTION)(a.description),
        tags: a.tags === undefined ? undefined : (checkInput(a.tags, checkTags(COMPONENT, "tags")) as pulumi.Input<Record<string, string>>),
        protectResources: checkBoolean(COMPONENT, "protectResources")(a.protectResources) ?? true,
        documents,
        warnings: guardrailWarnings(protectRedisIdentities, identityAdminRoleArns),
    };
}

/**
 * The target ID, once AWS Organizations confirms the target has room for
 * every guardrail policy beside the SCPs already attached to it (the
 * guardrail's own, on a later update, are not counted twice). An attachment
 * waits for it, so a target without room fails before anything is attached:
 * at preview once the policies exist, at the first `up` otherwise.
 */
function withFreeScpPlaces(targetId: string, ownPolicyIds: pulumi.Output<string[]>, parent: pulumi.Resource): pulumi.Output<string> {
    const attached = organizations.getPoliciesForTargetOutput({ targetId, filter: "SERVICE_CONTROL_POLICY" }, { parent });
    return pulumi.all([attached.ids, ownPolicyIds]).apply(([ids, own]) => {
        const others = (ids ?? []).filter((id) => !own.includes(id));
        if (others.length + own.length > MAX_SCPS_PER_TARGET) {
            throw new Error(
                `${COMPONENT} targetIds: ${targetId} already has ${others.length} SCP(s) attached (${others.join(", ")}); ` +
                    `the guardrail needs ${own.length} more and AWS allows ${MAX_SCPS_PER_TARGET} per target. ` +
                    "Detach one, attach the guardrail to a parent OU instead, or list fewer breakGlassRoleArns so it fits one policy",
            );
        }
        return targetId;
    });
}

/**
 * An AWS-side backstop for Redis Cloud BYOC: a service control policy that
 * denies everyone but Redis (and named break-glass roles) any change to the
 * resources Redis manages and to the tag that marks them, attached to the
 * given accounts, OUs or root. Deploy it from the organization's management
 * account or a delegated administrator; SCPs never restrict the management
 * account itself. See docs/guardrail.md.
 */
export class RedisManagedGuardrail extends pulumi.ComponentResource {
    /** IDs of the SCP(s), in order. */
    public readonly policyIds: pulumi.Output<string[]>;
    /** ARNs of the SCP(s), in order. */
    public readonly policyArns: pulumi.Output<string[]>;
    /** The exact JSON sent as each SCP's content, in order. */
    public readonly policyContents: pulumi.Output<string[]>;
    /** IDs of the attachments, policy by policy and target by target; empty in audit mode. */
    public readonly attachmentIds: pulumi.Output<string[]>;
    /** Number of attachments: policies × targets, or 0 in audit mode. */
    public readonly attachmentCount: pulumi.Output<number>;

    constructor(name: string, args: RedisManagedGuardrailArgs, opts?: pulumi.ComponentResourceOptions) {
        const checked = validateRedisManagedGuardrailArgs(args);
        super(REDIS_MANAGED_GUARDRAIL_TYPE, name, {}, opts);
        for (const warning of checked.warnings) void pulumi.log.warn(warning, this);

        const child = { parent: this, protect: checked.protectResources };
        const split = checked.documents.length > 1;
        const policies = checked.documents.map(
            (content, index) =>
                new organizations.Policy(
                    `${name}-scp-${index + 1}`,
                    {
                        name: split ? `${checked.policyName}-${index + 1}` : checked.policyName,
                        description: checked.description,
                        type: "SERVICE_CONTROL_POLICY",
                        content,
                        tags: checked.tags,
                    },
                    child,
                ),
        );
        const attachTo = checked.mode === GuardrailMode.Enforce ? checked.targetIds : [];
        const policyIds = pulumi.output(policies.map((policy) => policy.id));
        const checkedTargets = Object.fromEntries(attachTo.map((targetId) => [targetId, withFreeScpPlaces(targetId, policyIds, this)]));
        const attachments = policies.flatMap((policy, index) =>
            attachTo.map(
                (targetId) =>
                    new organizations.PolicyAttachment(
                        `${name}-scp-${index + 1}-${targetId}`,
                        { policyId: policy.id, targetId: checkedTargets[targetId] },
                        child,
                    ),
            ),
        );

        this.policyIds = pulumi.output(policies.map((policy) => policy.id));
        this.policyArns = pulumi.output(policies.map((policy) => policy.arn));
        this.policyContents = pulumi.output(checked.documents);
        this.attachmentIds = pulumi.output(attachments.map((attachment) => attachment.id));
        this.attachmentCount = pulumi.output(attachments.length);

        this.registerOutputs({
            policyIds: this.policyIds,
            policyArns: this.policyArns,
            policyContents: this.policyContents,
            attachmentIds: this.attachmentIds,
            attachmentCount: this.attachmentCount,
        });
    }
}
