import type { PolicyConfigSchema, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { closestName, isRecord } from "../../core/values";
import { configOf, guarded } from "../lib/guarded";
import { protectedThisPreview } from "../lib/live-discovery";
import { firstTimeThisPreview, notedThisPreview, noteThisPreview } from "../lib/per-preview";
import { readPath, readString } from "../lib/resource-reader";
import { isUnknownSentinel, rawProps } from "../lib/sdk-internals";

export const ACCOUNT_SETTINGS_POLICY_NAME = "redis-account-settings";

/** An account-wide setting that can stop Redis from launching or reaching its nodes. */
export interface AccountSetting {
    /** What the setting is, for messages. */
    what: string;
    /** Why, set that way, it can stop Redis. */
    stopsRedis: string;
    /** The exception AWS offers for Redis that the pack can see, as an instruction; none when AWS offers none the pack can check. */
    exception?: string;
}

/** The settings, by the name an acknowledgement uses. */
export const ACCOUNT_SETTINGS = {
    vpcBlockPublicAccess: {
        what: "VPC Block Public Access",
        stopsRedis:
            "it blocks traffic through internet gateways in every VPC of the region without an exclusion, and Redis Cloud reaches its nodes through the internet gateway of its VPC",
        exception:
            'Declare an aws:ec2/vpcBlockPublicAccessExclusion for Redis\'s VPC with internetGatewayExclusionMode "allow-bidirectional" in the same stack and region, before this resource (give this resource dependsOn on it)',
    },
    allowedImages: {
        what: "Allowed AMIs",
        stopsRedis:
            "it stops EC2 from launching images of any provider its criteria do not name, and Redis does not document which provider owns the images of its nodes, so no criteria can be shown to allow them",
    },
} as const satisfies Record<string, AccountSetting>;
export type AccountSettingName = keyof typeof ACCOUNT_SETTINGS;
const SETTING_NAMES = Object.keys(ACCOUNT_SETTINGS) as AccountSettingName[];

/** A resource type that sets one, as data: the field read, and the values that block Redis. */
export interface SettingResource {
    setting: AccountSettingName;
    /** The path of the value (JSON text is read through, as in a control policy's content). */
    field: string;
    /** The values that stop Redis; any other value, or one unknown at preview (decided at `up`), does not. */
    blocking: readonly string[];
    /** For organisation policies: the policy type that holds the setting. */
    policyType?: string;
    /** Why these values, and what the exception is for this type. */
    reason: string;
}

const DECLARATIVE_EC2 = "DECLARATIVE_POLICY_EC2";
const BPA_MODES = ["block-bidirectional", "block-ingress"];
const DP_BPA = "content.ec2_attributes.vpc_block_public_access.internet_gateway_block.mode.@@assign";
const DP_IMAGES = "content.ec2_attributes.allowed_images_settings.state.@@assign";

/** Every type that sets one of ACCOUNT_SETTINGS, with its reason; a type may set both (a declarative policy). */
export const SETTING_RESOURCES: Readonly<Record<string, readonly SettingResource[]>> = {
    "aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions": [
        {
            setting: "vpcBlockPublicAccess",
            field: "internetGatewayBlockMode",
            blocking: BPA_MODES,
            reason: "both blocking modes stop inbound traffic through internet gateways; an exclusion for Redis's VPC lifts them there",
        },
    ],
    "aws-native:ec2:VpcBlockPublicAccessOptions": [
        {
            setting: "vpcBlockPublicAccess",
            field: "internetGatewayBlockMode",
            blocking: BPA_MODES,
            reason: "the same setting through Cloud Control",
        },
    ],
    "aws:ec2/allowedImagesSettings:AllowedImagesSettings": [
        {
            setting: "allowedImages",
            field: "state",
            blocking: ["enabled"],
            reason: '"enabled" refuses launches outside the criteria; "audit-mode" only reports',
        },
    ],
    "aws:organizations/policy:Policy": [
        {
            setting: "vpcBlockPublicAccess",
            policyType: DECLARATIVE_EC2,
            field: DP_BPA,
            blocking: ["block_bidirectional", "block_ingress"],
            reason: "sets VPC Block Public Access in every account the policy is attached to, where the pack cannot see the accounts' exclusions: acknowledgement only",
        },
        {
            setting: "allowedImages",
            policyType: DECLARATIVE_EC2,
            field: DP_IMAGES,
            blocking: ["enabled"],
            reason: "sets Allowed AMIs in every account the policy is attached to",
        },
    ],
    "aws-native:organizations:Policy": [
        {
            setting: "vpcBlockPublicAccess",
            policyType: DECLARATIVE_EC2,
            field: DP_BPA,
            blocking: ["block_bidirectional", "block_ingress"],
            reason: "the same declarative policy through Cloud Control",
        },
        {
            setting: "allowedImages",
            policyType: DECLARATIVE_EC2,
            field: DP_IMAGES,
            blocking: ["enabled"],
            reason: "the same declarative policy through Cloud Control",
        },
    ],
};

/** The exclusion types, whose allow-bidirectional exclusion of a VPC is noted for the options judged after it. */
const EXCLUSION_TYPES: ReadonlySet<string> = new Set([
    "aws:ec2/vpcBlockPublicAccessExclusion:VpcBlockPublicAccessExclusion",
    "aws-native:ec2:VpcBlockPublicAccessExclusion",
]);
const OPTIONS_TYPES: ReadonlySet<string> = new Set([
    "aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions",
    "aws-native:ec2:VpcBlockPublicAccessOptions",
]);
const EXCLUDED_VPCS = `${ACCOUNT_SETTINGS_POLICY_NAME}:excluded-vpcs`;

/** Where a setting applies: the stack (from the URN) and the region (the resource's own, or its provider's). */
function scopeOf(args: ResourceValidationArgs, props: unknown): string {
    const stack = args.urn.split("::").slice(0, 2).join("::");
    const region = readString(props, "region") ?? readString(rawProps(args.provider?.props), "region") ?? "";
    return `${stack}|${region}`;
}

const CONFIG_PROPERTIES: NonNullable<PolicyConfigSchema["properties"]> = {
    acknowledged: {
        type: "object",
        properties: Object.fromEntries(
            SETTING_NAMES.map((name) => [
                name,
                {
                    type: "string",
                    minLength: 10,
                    description: `Why ${ACCOUNT_SETTINGS[name].what} cannot stop Redis here (who checked, and how).`,
                },
            ]),
        ),
        additionalProperties: false,
        default: {},
        description: `Account-wide settings a reviewer has checked against Redis, each with its reason: ${SETTING_NAMES.join(", ")}. An acknowledged setting is allowed wherever the stack sets it.`,
    },
};

/** The acknowledged settings, and what is wrong with the setting (each problem reported once per preview). */
function acknowledgedOf(config: Record<string, unknown>): { names: Set<string>; problems: string[] } {
    const names = new Set<string>();
    const problems: string[] = [];
    const acknowledged = config.acknowledged;
    if (acknowledged === undefined) return { names, problems };
    if (!isRecord(acknowledged)) return { names, problems: ["acknowledged must be an object of setting names and reasons"] };
    for (const [key, reason] of Object.entries(acknowledged)) {
        if (!(SETTING_NAMES as string[]).includes(key)) {
            const guess = closestName(key, SETTING_NAMES);
            const shown = /^[\w.-]{1,64}$/.test(key) ? `"${key}"` : "a key that is not a name";
            problems.push(
                `acknowledged: ${shown} is not a setting${guess ? ` (did you mean "${guess}"?)` : ""}; the settings: ${SETTING_NAMES.join(", ")}`,
            );
        } else if (typeof reason !== "string" || reason.trim().length < 10) {
            problems.push(`acknowledged.${key} must be a reason of at least 10 characters, saying why the setting cannot stop Redis`);
        } else names.add(key);
    }
    return { names, problems };
}

/** Whether an exclusion for one of Redis's VPCs was judged before, in this preview, in the same stack and region. */
function redisVpcExcluded(scope: string): boolean {
    const redis = protectedThisPreview.matcher;
    if (!redis) return false;
    for (const entry of notedThisPreview(EXCLUDED_VPCS)) {
        const [entryScope, vpcId] = entry.split("\n");
        if (entryScope === scope && redis.test(vpcId)) return true;
    }
    return false;
}

function judge(args: ResourceValidationArgs, reportViolation: ReportViolation): void {
    const props = rawProps(args.props);
    const { names, problems } = acknowledgedOf(configOf(args));
    for (const problem of problems) {
        const message = `${ACCOUNT_SETTINGS_POLICY_NAME} config: ${problem}. Fix the policy group's config: until then the acknowledgement configures nothing.`;
        if (firstTimeThisPreview(message)) reportViolation(message);
    }
    if (EXCLUSION_TYPES.has(args.type)) {
        const vpcId = readString(props, "vpcId");
        if (vpcId?.startsWith("vpc-") && readString(props, "internetGatewayExclusionMode") === "allow-bidirectional")
            noteThisPreview(EXCLUDED_VPCS, `${scopeOf(args, props)}\n${vpcId}`);
        return;
    }
    for (const resource of SETTING_RESOURCES[args.type] ?? []) {
        if (resource.policyType !== undefined && readString(props, "type") !== resource.policyType) continue;
        const value = readPath(props, resource.field);
        if (typeof value !== "string" || isUnknownSentinel(value) || !resource.blocking.includes(value)) continue;
        if (names.has(resource.setting)) continue;
        const setting: AccountSetting = ACCOUNT_SETTINGS[resource.setting];
        const canExclude = setting.exception !== undefined && OPTIONS_TYPES.has(args.type);
        if (canExclude && redisVpcExcluded(scopeOf(args, props))) continue;
        const knowsRedis = protectedThisPreview.matcher !== undefined;
        const exception = !canExclude
            ? "Set"
            : `${setting.exception}${knowsRedis ? "" : " (the pack knows Redis's VPCs only from redis-managed-ids-protected's resourceIds or discover, which give it none)"}; or set`;
        reportViolation(
            `This ${args.type} turns on ${setting.what} (field "${resource.field.replace(/\.@@assign$/, "")}"), which can stop Redis: ${setting.stopsRedis}. ` +
                `${exception} ${ACCOUNT_SETTINGS_POLICY_NAME}'s acknowledged.${resource.setting} to the reason it cannot stop Redis here.`,
        );
    }
}

/**
 * Account-wide settings that can stop Redis from launching or reaching its
 * nodes need Redis's exception where AWS offers one the pack can see, or an
 * acknowledgement in config: VPC Block Public Access and Allowed AMIs, set per
 * account or by an EC2 declarative policy.
 */
export const redisAccountSettings: ResourceValidationPolicy = {
    name: ACCOUNT_SETTINGS_POLICY_NAME,
    description:
        "Account-wide EC2 settings that can stop Redis Cloud from launching or reaching its nodes (VPC Block Public Access, Allowed AMIs, per account or by an EC2 declarative policy) need an exclusion for Redis's VPC where AWS offers one, or an acknowledgement in this policy's config.",
    remediationSteps:
        "For VPC Block Public Access, exclude Redis's VPC (allow-bidirectional) in the same stack before turning it on. Otherwise check the setting against Redis and set acknowledged.<setting> in this policy's config to the reason it cannot stop Redis.",
    severity: "high",
    enforcementLevel: "mandatory",
    configSchema: { properties: CONFIG_PROPERTIES },
    validateResource: guarded(ACCOUNT_SETTINGS_POLICY_NAME, judge),
};
