/**
 * How the per-account program reads `RedisCloudIam` args from stack config.
 * One table: `index.ts` reads it, and the offline plan validates its
 * `--config` file against it, so both accept exactly the same keys.
 */
import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { ConsoleRolePolicy } from "../core/console-role-policy";
import { KeyRetirementGate } from "../core/key-retirement-gate";
import { isRecord } from "../core/values";
import type { RedisCloudIamArgs } from "./redis-cloud-iam-args";
import { CONSOLE_PASSWORD_LENGTH, validateRedisCloudIamArgs } from "./redis-cloud-iam-args";
import { argError, checkBoolean, closestName } from "./validation";
import { REDIS_CLOUD_ENV } from "../core/redis-cloud-api";
import { checkCloudAccountName } from "./redis-cloud-account";

/** The JSON type each config key takes; `pulumi config set --path` for objects and lists. */
export enum ConfigValueType {
    String = "string",
    Boolean = "boolean",
    Number = "number",
    StringList = "list of strings",
    StringMap = "map of strings",
}

/**
 * The program's own keys, beyond the component's args: registration of the
 * account with Redis Cloud through its API (`RedisCloudAccount`).
 */
export interface CloudAccountRegistrationConfig {
    /** Register the account with Redis Cloud in the same `pulumi up`. Needs `consoleLogin`; refused with `pgpKey`. Default false. */
    registerCloudAccount?: boolean;
    /** The cloud account's name in Redis Cloud. Default: the stack's name. */
    cloudAccountName?: string;
    /** Redis Cloud API account key, set with `--secret`. Default: `$REDISCLOUD_ACCESS_KEY`. */
    redisCloudAccessKey?: string;
    /** Redis Cloud API user key, set with `--secret`. Default: `$REDISCLOUD_SECRET_KEY`. */
    redisCloudSecretKey?: string;
}
export type StackConfigKey = keyof RedisCloudIamArgs | keyof CloudAccountRegistrationConfig;
/** The registration keys that hold a secret: the program refuses them unless set with `--secret`. */
export const SECRET_CONFIG_KEYS: readonly StackConfigKey[] = ["redisCloudAccessKey", "redisCloudSecretKey"];

/** Every stack config key the program reads: one per component arg, with the same name, then the registration keys. */
export const STACK_CONFIG_KEYS: Readonly<Record<StackConfigKey, ConfigValueType>> = {
    consoleRolePolicy: ConfigValueType.String,
    tags: ConfigValueType.StringMap,
    permissionsBoundaryArn: ConfigValueType.String,
    pgpKey: ConfigValueType.String,
    consoleLogin: ConfigValueType.Boolean,
    consolePasswordLength: ConfigValueType.Number,
    accessKeyGenerations: ConfigValueType.StringList,
    keyRetirementGate: ConfigValueType.String,
    protectResources: ConfigValueType.Boolean,
    // Adoption of an account's existing resources: `npm run audit` prints these for the account.
    adoptAccountId: ConfigValueType.String,
    adoptAccessKeyId: ConfigValueType.String,
    adoptCreate: ConfigValueType.StringList,
    // Registration with Redis Cloud (docs/deploy.md, "Register with Redis Cloud in the same pulumi up").
    registerCloudAccount: ConfigValueType.Boolean,
    cloudAccountName: ConfigValueType.String,
    redisCloudAccessKey: ConfigValueType.String,
    redisCloudSecretKey: ConfigValueType.String,
};
const COMPONENT_KEYS = new Set<string>([
    "consoleRolePolicy",
    "tags",
    "permissionsBoundaryArn",
    "pgpKey",
    "consoleLogin",
    "consolePasswordLength",
    "accessKeyGenerations",
    "keyRetirementGate",
    "protectResources",
    "adoptAccountId",
    "adoptAccessKeyId",
    "adoptCreate",
] satisfies (keyof RedisCloudIamArgs)[]);

/**
 * How each key is declared in `Pulumi.yaml`'s `config:` block, so that the CLI
 * checks its type in a real deploy (`npm run project-config` writes the block;
 * a test holds the file to it). A declared key needs a default, or the CLI
 * makes it required; `reason` says why a key stays undeclared.
 */
export type ProjectConfigDeclaration =
    | { type: "string"; default: string }
    /** `description` for a program-only key, which schema.json (the component's args) does not describe. */
    | { type: "boolean"; default: boolean; description?: string }
    | { type: "integer"; default: number }
    | { undeclared: string };

export const PROJECT_CONFIG_DECLARATIONS: Readonly<Record<StackConfigKey, ProjectConfigDeclaration>> = {
    consoleRolePolicy: { type: "string", default: ConsoleRolePolicy.InstanceRolePolicy },
    tags: { undeclared: "a map, and Pulumi's project config has no map type" },
    permissionsBoundaryArn: { undeclared: "it has no default, and a declared key without one is required" },
    pgpKey: { undeclared: "it has no default, and a declared key without one is required" },
    consoleLogin: { type: "boolean", default: false },
    consolePasswordLength: { type: "integer", default: CONSOLE_PASSWORD_LENGTH.default },
    accessKeyGenerations: {
        undeclared:
            "`pulumi config set --path` stores an id such as 2 as a number, which a list-of-strings type would refuse; the program reads it as a string",
    },
    keyRetirementGate: { type: "string", default: KeyRetirementGate.Refuse },
    protectResources: { type: "boolean", default: true },
    adoptAccountId: { undeclared: "it has no default, and a declared key without one is required" },
    adoptAccessKeyId: { undeclared: "it has no default, and a declared key without one is required" },
    adoptCreate: { undeclared: "a list, which the program checks entry by entry against the children it can create" },
    registerCloudAccount: {
        type: "boolean",
        default: false,
        description:
            "Register the account with Redis Cloud through its API in the same `pulumi up` (a RedisCloudAccount resource). Needs `consoleLogin: true` and the API keys ($REDISCLOUD_ACCESS_KEY and $REDISCLOUD_SECRET_KEY, or `redisCloudAccessKey` and `redisCloudSecretKey` set with --secret); refused with `pgpKey`. Default false.",
    },
    cloudAccountName: { undeclared: "its default is the stack's name, which a project-level default cannot express" },
    redisCloudAccessKey: { undeclared: "a secret, set with `pulumi config set --secret`; it has no default" },
    redisCloudSecretKey: { undeclared: "a secret, set with `pulumi config set --secret`; it has no default" },
};

/**
 * `pulumi config set --path` stores `2` and `true` as a number and a boolean
 * (only top-level values are always strings). Where a string is meant, list
 * items and map values, the program reads them as the text that was typed.
 */
const asTypedText = (value: unknown) =>
    (typeof value === "number" && Number.isFinite(value)) || typeof value === "boolean" ? String(value) : value;
const normalizers: Record<ConfigValueType, (value: unknown) => unknown> = {
    [ConfigValueType.String]: (value) => value,
    [ConfigValueType.Boolean]: (value) => value,
    [ConfigValueType.Number]: (value) => value,
    [ConfigValueType.StringList]: (value) => (Array.isArray(value) ? value.map(asTypedText) : value),
    [ConfigValueType.StringMap]: (value) =>
        isRecord(value) ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, asTypedText(inner)])) : value,
};

const readers: Record<ConfigValueType, (config: pulumi.Config, key: string) => unknown> = {
    [ConfigValueType.String]: (config, key) => config.get(key),
    [ConfigValueType.Boolean]: (config, key) => config.getBoolean(key),
    [ConfigValueType.Number]: (config, key) => config.getNumber(key),
    [ConfigValueType.StringList]: (config, key) => config.getObject<string[]>(key),
    [ConfigValueType.StringMap]: (config, key) => config.getObject<Record<string, string>>(key),
};

/** The project's config namespace, as `Pulumi.yaml` names it and stack files prefix their keys. */
export const PROJECT_CONFIG_NAMESPACE = "redis-cloud-byoc-aws";

const unknownKeyProblem = (key: string) => {
    const known = Object.keys(STACK_CONFIG_KEYS);
    const colon = key.indexOf(":");
    if (colon > 0) {
        // A key copied from a stack file (`redis-cloud-byoc-aws:consoleLogin`): the plan's --config has no namespace.
        const [namespace, bare] = [key.slice(0, colon), key.slice(colon + 1)];
        const guess = bare in STACK_CONFIG_KEYS ? bare : closestName(bare, known);
        if (namespace === PROJECT_CONFIG_NAMESPACE && guess) {
            return `config key "${key}": drop the "${namespace}:" prefix and write "${guess}"; these keys carry no namespace`;
        }
        return `config key "${key}" belongs to the "${namespace}" namespace, which the program does not read; known keys (no namespace): ${known.join(", ")}`;
    }
    const guess = closestName(key, known);
    return `unknown config key "${key}"${guess ? ` (did you mean "${guess}"?)` : ""}; known keys: ${known.join(", ")}`;
};

/**
 * Reads every known key that is set; the component validates the values. A key
 * of the project's namespace that the program does not know (a typo such as
 * `consoleRolPolicy`) stops the deploy by name, rather than being ignored.
 */
export function readRedisCloudIamArgs(config: pulumi.Config): RedisCloudIamArgs {
    const prefix = `${config.name}:`;
    const unknown = Object.keys(pulumi.runtime.allConfig())
        .filter((key) => key.startsWith(prefix) && !(key.slice(prefix.length) in STACK_CONFIG_KEYS))
        .map((key) => `${unknownKeyProblem(key.slice(prefix.length))}; remove it with \`pulumi config rm ${key.slice(prefix.length)}\``);
    if (unknown.length) throw new pulumi.RunError(`stack config: ${unknown.join("\n")}`);
    const args: Record<string, unknown> = {};
    for (const [key, type] of Object.entries(STACK_CONFIG_KEYS)) {
        if (!COMPONENT_KEYS.has(key)) continue;
        const value = readers[type](config, key);
        if (value !== undefined) args[key] = normalizers[type](value);
    }
    // Checked here too, so that bad config stops the program with its message alone: the CLI prints a
    // RunError without the stack trace it prints for any other error thrown by a program.
    try {
        validateRedisCloudIamArgs(args as RedisCloudIamArgs);
    } catch (error) {
        if (pulumi.InputPropertyError.isInstance(error)) throw new pulumi.RunError(`stack config: ${error.reason}`);
        throw error;
    }
    return args as RedisCloudIamArgs;
}

/**
 * A top-level value as a Pulumi stack file stores it: always a string, which
 * `config.getBoolean` and `config.getNumber` read as the program does.
 */
const fromStackFileText: Partial<Record<ConfigValueType, (text: string) => unknown>> = {
    [ConfigValueType.Boolean]: (text) => (text === "true" ? true : text === "false" ? false : text),
    [ConfigValueType.Number]: (text) => (/^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text),
};

const isType: Record<ConfigValueType, (value: unknown) => boolean> = {
    [ConfigValueType.String]: (value) => typeof value === "string",
    [ConfigValueType.Boolean]: (value) => typeof value === "boolean",
    [ConfigValueType.Number]: (value) => typeof value === "number",
    [ConfigValueType.StringList]: (value) => Array.isArray(value) && value.every((item) => typeof item === "string"),
    [ConfigValueType.StringMap]: (value) => isRecord(value) && Object.values(value).every((v) => typeof v === "string"),
};

/**
 * Checks a config object (such as the plan's `--config` file) against the
 * table: unknown keys and wrong types are errors that name the key.
 */
export function checkStackConfigObject(config: unknown): string[] {
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
        return ["the config must be a JSON object whose keys are stack config keys"];
    }
    const known = STACK_CONFIG_KEYS as Record<string, ConfigValueType>;
    const errors: string[] = [];
    for (const [key, value] of Object.entries(config)) {
        const type = known[key];
        if (type === undefined) {
            errors.push(unknownKeyProblem(key));
        } else {
            const parse = fromStackFileText[type];
            const read = typeof value === "string" && parse ? parse(value) : value;
            if (!isType[type](normalizers[type](read))) {
                errors.push(
                    `config key "${key}" must be a ${type}${parse ? ` (or its text, ${type === ConfigValueType.Boolean ? '"true" or "false"' : 'such as "32"'}, as a stack file stores it)` : ""}`,
                );
            }
        }
    }
    return errors;
}

/**
 * Whether a config key was set with `--secret`. The Node SDK knows (the engine
 * passes the secret keys) but does not declare the function in its types.
 */
function isConfigSecret(key: string): boolean {
    const sdk = runtimeConfig as unknown as { isConfigSecret?: (key: string) => boolean };
    return sdk.isConfigSecret ? sdk.isConfigSecret(key) : true;
}

/** What the program registers with Redis Cloud, checked; undefined when registration is off. */
export interface CloudAccountRegistration {
    name: string;
    /** From secret config; undefined to use the environment. */
    apiKey?: pulumi.Output<string>;
    apiSecretKey?: pulumi.Output<string>;
}

/**
 * Reads and checks the registration keys before anything is registered:
 * registration needs the console login (Redis's API takes a console
 * username, password and sign-in URL) and the plaintext secrets, so it is
 * refused with `pgpKey`, whose stacks never hold them.
 */
export function readCloudAccountRegistration(config: pulumi.Config, iamArgs: RedisCloudIamArgs): CloudAccountRegistration | undefined {
    const component = "stack config";
    const register = checkBoolean(component, "registerCloudAccount")(config.getBoolean("registerCloudAccount")) ?? false;
    if (!register) {
        for (const key of ["cloudAccountName", "redisCloudAccessKey", "redisCloudSecretKey"] as const) {
            if (config.get(key) !== undefined) throw argError(component, key, "is only used with registerCloudAccount: true");
        }
        return undefined;
    }
    if (iamArgs.pgpKey !== undefined) {
        throw argError(
            component,
            "registerCloudAccount",
            "cannot be used with pgpKey: with pgpKey the stack only ever holds the PGP-encrypted secret access key and console password, and Redis's API needs them in plaintext. Remove pgpKey to register in the same pulumi up, or keep it and register by hand (docs/deploy.md)",
        );
    }
    if (iamArgs.consoleLogin !== true) {
        throw argError(
            component,
            "registerCloudAccount",
            "needs consoleLogin: true: Redis's API registers an account with a console username, password and sign-in URL, which only the login profile gives (pulumi config set consoleLogin true)",
        );
    }
    const name = checkCloudAccountName("cloudAccountName", config.get("cloudAccountName") ?? pulumi.getStack(), component);
    const secret = (key: "redisCloudAccessKey" | "redisCloudSecretKey") => {
        if (config.get(key) === undefined) return undefined;
        if (!isConfigSecret(`${config.name}:${key}`)) {
            throw argError(
                component,
                key,
                `is a Redis Cloud API key and must be set as a secret: pulumi config set --secret ${key} <value>`,
            );
        }
        return config.requireSecret(key);
    };
    const apiKey = secret("redisCloudAccessKey");
    const apiSecretKey = secret("redisCloudSecretKey");
    const missing = [
        ...(apiKey || process.env[REDIS_CLOUD_ENV.accessKey] ? [] : [`$${REDIS_CLOUD_ENV.accessKey} or redisCloudAccessKey`]),
        ...(apiSecretKey || process.env[REDIS_CLOUD_ENV.secretKey] ? [] : [`$${REDIS_CLOUD_ENV.secretKey} or redisCloudSecretKey`]),
    ];
    if (missing.length) {
        throw argError(
            component,
            "registerCloudAccount",
            `needs the Redis Cloud API keys, and ${missing.join(" and ")} is not set: export them as Redis's Terraform provider reads them, or set them with pulumi config set --secret`,
        );
    }
    return { name, apiKey, apiSecretKey };
}
