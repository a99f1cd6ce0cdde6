/**
 * How the per-account program reads `RedisCloudIam` args from stack config.
 * One table: `index.ts` reads it, and the offline plan validates its
 * `--config` file against it, so both accept exactly the same keys.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConsoleRolePolicy } from "../core/console-role-policy";
import { isRecord } from "../core/values";
import type { RedisCloudIamArgs } from "./redis-cloud-iam-args";
import { CONSOLE_PASSWORD_LENGTH, validateRedisCloudIamArgs } from "./redis-cloud-iam-args";
import { closestName } from "./validation";

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

/**
 * How each key is declared in `Pulumi.yaml`'s `config:` block, so that the CLI
 * checks its type in a real deploy (`npm run project-config` writes the block;
 * a test holds the file to it). A declared key needs a default, or the CLI
 * makes it required; `reason` says why a key stays undeclared.
 */
export type ProjectConfigDeclaration =
    | { type: "string"; default: string }
    | { type: "boolean"; default: boolean }
    | { type: "integer"; default: number }
    | { undeclared: string };

export const PROJECT_CONFIG_DECLARATIONS: Readonly<Record<keyof RedisCloudIamArgs, ProjectConfigDeclaration>> = {
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
    protectResources: { type: "boolean", default: true },
    adoptAccountId: { undeclared: "it has no default, and a declared key without one is required" },
    adoptAccessKeyId: { undeclared: "it has no default, and a declared key without one is required" },
    adoptCreate: { undeclared: "a list, which the program checks entry by entry against the children it can create" },
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
