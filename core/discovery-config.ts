/**
 * The `discover` setting of `redis-managed-ids-protected` (issue 18): which
 * regions and accounts live discovery reads, with which role, how long its
 * answers are cached, its deadlines, and what a failed lookup does. One
 * table of settings gives the JSON schema the CLI checks and the pack's own
 * check, which also refuses what the CLI lets through (a misspelt setting:
 * the analyzer protocol drops `additionalProperties`, see FACTS.md).
 * Pure logic: the pack and the `discover` command share it.
 */
import { REDIS_TAG_KEY } from "./redis-documents";
import { isRecord, unknownKeyProblem } from "./values";

export { unknownKeyProblem };

/** What a failed lookup does: block the preview (the default), or only warn. */
export type DiscoveryFailureMode = "mandatory" | "advisory";

/** A `discover` setting, checked, with every default filled in. */
export interface DiscoverConfig {
    regions: string[];
    accounts?: string[];
    roleArn?: string;
    tagKey: string;
    cacheSeconds: number;
    callTimeoutMs: number;
    totalTimeoutMs: number;
    onFailure: DiscoveryFailureMode;
}

/**
 * AWS region names, by their parts: partition prefix, optional `-gov`/`-iso`
 * infix, direction, number. Stricter than "letters-dash-digit", so that a
 * typo such as `us-eest-1` is refused rather than read as an empty region.
 */
export const AWS_REGION_PATTERN =
    "^(af|ap|ca|cn|eu|il|me|mx|sa|us)(-gov|-iso|-isob|-isoe|-isof)?-(central|north|south|east|west|northeast|northwest|southeast|southwest)-[1-9]$";
/** An IAM role ARN in any partition; `{account}` stands for the account the credentials reach (one role name in every account). */
export const DISCOVERY_ROLE_ARN_PATTERN =
    "^arn:aws(-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f)?:iam::(\\d{12}|\\{account\\}):role/[\\w+=,.@/-]{1,512}$";
const ACCOUNT_PATTERN = "^\\d{12}$";

/** Bounds of the numeric settings, with their defaults and why. */
export const DISCOVERY_BOUNDS = {
    // One discovery per account and region per 15 minutes; 0 turns the cache off; at most a day, so that a healed node is seen the same day.
    cacheSeconds: { minimum: 0, maximum: 86_400, default: 900 },
    // One API call: long enough for a paginated tagging call far away, short enough that a black-holed endpoint does not hang a preview.
    callTimeoutMs: { minimum: 100, maximum: 60_000, default: 5_000 },
    // The whole discovery of a preview, every region and page: bounded at 5 minutes.
    totalTimeoutMs: { minimum: 1_000, maximum: 300_000, default: 30_000 },
} as const;

const integer = (name: keyof typeof DISCOVERY_BOUNDS, description: string) => ({
    type: "integer" as const,
    ...DISCOVERY_BOUNDS[name],
    description: `${description} (${DISCOVERY_BOUNDS[name].minimum} to ${DISCOVERY_BOUNDS[name].maximum}, default ${DISCOVERY_BOUNDS[name].default}).`,
});

/** The JSON schema of each setting: the table the pack's config schema and its own check both use. */
export const DISCOVER_SETTINGS = {
    regions: {
        type: "array" as const,
        items: { type: "string" as const, pattern: AWS_REGION_PATTERN },
        minItems: 1,
        uniqueItems: true,
        description: "The AWS regions to read, such as us-east-1 (required).",
    },
    accounts: {
        type: "array" as const,
        items: { type: "string" as const, pattern: ACCOUNT_PATTERN },
        minItems: 1,
        uniqueItems: true,
        description:
            "The 12-digit accounts discovery applies to. A preview whose credentials reach another account makes one STS call and nothing else. Default: whichever account the credentials reach.",
    },
    roleArn: {
        type: "string" as const,
        pattern: DISCOVERY_ROLE_ARN_PATTERN,
        description:
            "A role to assume for discovery, for deployers who cannot read tags; {account} stands for the caller's account (arn:aws:iam::{account}:role/redis-discovery). Default: the caller's own credentials.",
    },
    tagKey: {
        type: "string" as const,
        minLength: 1,
        maxLength: 128,
        default: REDIS_TAG_KEY,
        description: `The tag key Redis Cloud marks its resources with (default ${REDIS_TAG_KEY}).`,
    },
    cacheSeconds: integer(
        "cacheSeconds",
        "How long an account and region's answer is reused, in a file cache under the OS temporary folder",
    ),
    callTimeoutMs: integer("callTimeoutMs", "Deadline of one AWS call, in milliseconds"),
    totalTimeoutMs: integer("totalTimeoutMs", "Deadline of the whole discovery of a preview, in milliseconds"),
    onFailure: {
        type: "string" as const,
        enum: ["mandatory", "advisory"],
        default: "mandatory",
        description:
            "What a failed lookup does: mandatory (default) blocks the preview with one message naming the cause; advisory only warns, and protects the listed resourceIds alone.",
    },
};

/** The `discover` property of the policy's config schema. */
export const DISCOVER_CONFIG_SCHEMA = {
    type: "object" as const,
    properties: DISCOVER_SETTINGS,
    required: ["regions"],
    additionalProperties: false as const,
    description:
        "Live discovery (opt-in): read every resource tagged with tagKey, and the default security group, main route table and default network ACL of every Redis VPC, and protect them as if listed in resourceIds.",
};

const SETTING_NAMES = Object.keys(DISCOVER_SETTINGS);

function stringList(field: string, value: unknown, pattern: string, what: string, problems: string[]): string[] | undefined {
    if (!Array.isArray(value) || value.length === 0) {
        problems.push(`${field}: must be a non-empty list of ${what}`);
        return undefined;
    }
    const good: string[] = [];
    const seen = new Set<string>();
    value.forEach((item, index) => {
        if (typeof item !== "string" || !new RegExp(pattern).test(item)) {
            const shown = typeof item === "string" && /^[\w-]{1,40}$/.test(item) ? ` ("${item}")` : "";
            problems.push(`${field}[${index}]: must be ${what}${shown}`);
        } else if (seen.has(item)) problems.push(`${field}[${index}]: "${item}" is listed twice`);
        else {
            seen.add(item);
            good.push(item);
        }
    });
    return good;
}

function boundedInteger(field: string, value: unknown, name: keyof typeof DISCOVERY_BOUNDS, problems: string[]): number {
    const bounds = DISCOVERY_BOUNDS[name];
    if (value === undefined) return bounds.default;
    if (typeof value !== "number" || !Number.isInteger(value) || value < bounds.minimum || value > bounds.maximum) {
        problems.push(`${field}: must be a whole number from ${bounds.minimum} to ${bounds.maximum}`);
        return bounds.default;
    }
    return value;
}

/**
 * Checks a `discover` setting: the config, defaults filled in, or every
 * problem, each naming its field and what is allowed. A value is quoted only
 * when it is name-like (a region, a key), never a whole ARN or free text.
 */
export function parseDiscoverConfig(
    value: unknown,
    field = "discover",
): { config: DiscoverConfig; problems: [] } | { config?: undefined; problems: string[] } {
    const problems: string[] = [];
    if (!isRecord(value)) return { problems: [`${field}: must be an object such as {"regions": ["us-east-1"]}`] };
    for (const key of Object.keys(value)) {
        if (!SETTING_NAMES.includes(key)) problems.push(unknownKeyProblem(field, key, SETTING_NAMES, field));
    }
    if (value.regions === undefined) problems.push(`${field}.regions: is required: the AWS regions to read, such as ["us-east-1"]`);
    const regions =
        value.regions === undefined
            ? undefined
            : stringList(`${field}.regions`, value.regions, AWS_REGION_PATTERN, "AWS region names such as us-east-1", problems);
    const accounts =
        value.accounts === undefined
            ? undefined
            : stringList(`${field}.accounts`, value.accounts, ACCOUNT_PATTERN, "12-digit AWS account IDs", problems);
    if (value.roleArn !== undefined && (typeof value.roleArn !== "string" || !new RegExp(DISCOVERY_ROLE_ARN_PATTERN).test(value.roleArn))) {
        problems.push(`${field}.roleArn: must be an IAM role ARN such as arn:aws:iam::{account}:role/redis-discovery`);
    }
    const tagKey = value.tagKey ?? REDIS_TAG_KEY;
    if (typeof tagKey !== "string" || tagKey.length === 0 || tagKey.length > 128) {
        problems.push(`${field}.tagKey: must be a tag key of 1 to 128 characters`);
    }
    const cacheSeconds = boundedInteger(`${field}.cacheSeconds`, value.cacheSeconds, "cacheSeconds", problems);
    const callTimeoutMs = boundedInteger(`${field}.callTimeoutMs`, value.callTimeoutMs, "callTimeoutMs", problems);
    const totalTimeoutMs = boundedInteger(`${field}.totalTimeoutMs`, value.totalTimeoutMs, "totalTimeoutMs", problems);
    if (totalTimeoutMs < callTimeoutMs) problems.push(`${field}.totalTimeoutMs: must be at least callTimeoutMs (${callTimeoutMs})`);
    const onFailure = value.onFailure ?? "mandatory";
    if (onFailure !== "mandatory" && onFailure !== "advisory") problems.push(`${field}.onFailure: must be "mandatory" or "advisory"`);
    if (problems.length > 0 || regions === undefined) return { problems };
    return {
        config: {
            regions,
            ...(accounts ? { accounts } : {}),
            ...(typeof value.roleArn === "string" ? { roleArn: value.roleArn } : {}),
            tagKey: tagKey as string,
            cacheSeconds,
            callTimeoutMs,
            totalTimeoutMs,
            onFailure: onFailure as DiscoveryFailureMode,
        },
        problems: [],
    };
}
