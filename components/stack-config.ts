/**
 * How the per-account program reads `RedisCloudIam` args from stack config.
 * One table: `index.ts` reads it, and the offline plan validates its
 * `--config` file against it, so both accept exactly the same keys.
 */
import * as pulumi from "@pulumi/pulumi";
import type { RedisCloudIamArgs } from "./redis-cloud-iam";

/** The JSON type each config key takes; `pulumi config set --path` for objects and lists. */
export enum ConfigValueType {
    String = "string",
    Boolean = "boolean",
    Number = "number",
    StringList = "list of strings",
    StringMap = "map of strings",
}

/** Every stack config key the program reads: one per component arg, with the same name. */
export const STACK_CONFIG_KEYS: Readonly<Record<keyof RedisCloudIamArgs, ConfigValueType>> = {
    consoleRolePolicy: ConfigValueType.String,
    tags: ConfigValueType.StringMap,
    permissionsBoundaryArn: ConfigValueType.String,
    pgpKey: ConfigValueType.String,
    consoleLogin: ConfigValueType.Boolean,
    consolePasswordLength: ConfigValueType.Number,
    accessKeyGenerations: ConfigValueType.StringList,
    protectResources: ConfigValueType.Boolean,
    // Adoption of an account's existing resources: `npm run audit` prints these for the account.
    adoptAccountId: ConfigValueType.String,
    adoptAccessKeyId: ConfigValueType.String,
    adoptCreate: ConfigValueType.StringList,
};

const readers: Record<ConfigValueType, (config: pulumi.Config, key: string) => unknown> = {
    [ConfigValueType.String]: (config, key) => config.get(key),
    [ConfigValueType.Boolean]: (config, key) => config.getBoolean(key),
    [ConfigValueType.Number]: (config, key) => config.getNumber(key),
    [ConfigValueType.StringList]: (config, key) => config.getObject<string[]>(key),
    [ConfigValueType.StringMap]: (config, key) => config.getObject<Record<string, string>>(key),
};

/** Reads every known key that is set; the component validates the values. */
export function readRedisCloudIamArgs(config: pulumi.Config): RedisCloudIamArgs {
    const args: Record<string, unknown> = {};
    for (const [key, type] of Object.entries(STACK_CONFIG_KEYS)) {
        const value = readers[type](config, key);
        if (value !== undefined) args[key] = value;
    }
    return args as RedisCloudIamArgs;
}

const isType: Record<ConfigValueType, (value: unknown) => boolean> = {
    [ConfigValueType.String]: (value) => typeof value === "string",
    [ConfigValueType.Boolean]: (value) => typeof value === "boolean",
    [ConfigValueType.Number]: (value) => typeof value === "number",
    [ConfigValueType.StringList]: (value) => Array.isArray(value) && value.every((item) => typeof item === "string"),
    [ConfigValueType.StringMap]: (value) =>
        typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === "string"),
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
            errors.push(`unknown config key "${key}"; known keys: ${Object.keys(known).join(", ")}`);
        } else if (!isType[type](value)) {
            errors.push(`config key "${key}" must be a ${type}`);
        }
    }
    return errors;
}
