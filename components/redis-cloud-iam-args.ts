/**
 * `RedisCloudIam`'s args and their checks, all made before any child is
 * registered: each bad arg throws naming the field and what is allowed.
 */
import * as pulumi from "@pulumi/pulumi";
import { ACCESS_KEY_ID_PATTERN, ACCOUNT_ID_PATTERN, AdoptableChild } from "../core/adoption";
import { ConsoleRolePolicy } from "../core/console-role-policy";
import { KeyRetirementGate } from "../core/key-retirement-gate";
import { argError, checkBoolean, checkEnum, checkInput, checkInteger, checkPgpKey, checkPolicyArn, checkTags } from "./validation";

const COMPONENT = "RedisCloudIam";

export interface RedisCloudIamArgs {
    /**
     * Which Redis policy to attach to the console role `redislabs-role`.
     * Default `ConsoleRolePolicy.InstanceRolePolicy` (`"instance-role-policy"`), as the mid-2025 console steps say.
     */
    consoleRolePolicy?: ConsoleRolePolicy;
    /**
     * Tags for every taggable child (policies, roles, instance profile, user).
     * At most 50; `RedisLabsIdentifier` is reserved for Redis Cloud and keys
     * starting with `aws:` are reserved by AWS.
     */
    tags?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /**
     * ARN of a permissions boundary policy set on both roles and on the user,
     * for accounts whose guardrails require one. It must allow everything Redis's
     * policies allow, or Redis Cloud loses those rights.
     */
    permissionsBoundaryArn?: pulumi.Input<string>;
    /**
     * A PGP public key (`keybase:<user>`, or base64 of the binary key). When set,
     * the secret access key and the console password come back encrypted with it,
     * and no plaintext secret is ever in the state.
     */
    pgpKey?: pulumi.Input<string>;
    /**
     * Create a console password (login profile) for `redislabs-user`. Redis's API
     * and its `rediscloud_cloud_account` resource need a console username,
     * password and sign-in URL. Default false.
     */
    consoleLogin?: boolean;
    /** Length of the generated console password, 20 to 128. Default 32. */
    consolePasswordLength?: number;
    /**
     * Generations of access key for `redislabs-user`, oldest first; the last is
     * the current one, whose values the outputs carry. One or two entries of
     * letters, digits and dashes. To rotate with no downtime: append a new
     * generation and `pulumi up`; give Redis Cloud the new key (with
     * `registerCloudAccount`, that same `pulumi up` does); then remove the
     * old generation and `pulumi up` again, which `keyRetirementGate` guards.
     * Default `["1"]`.
     */
    accessKeyGenerations?: string[];
    /**
     * While two generations are listed, what removing the old one does when IAM
     * (`GetAccessKeyLastUsed`) reports that the current key has never been used:
     * `KeyRetirementGate.Refuse` (`"refuse"`, the default) keeps the old key and
     * fails with the reason; `KeyRetirementGate.Warn` (`"warn"`) warns and deletes it.
     * Decided by the setting in force while both keys were listed.
     */
    keyRetirementGate?: KeyRetirementGate;
    /**
     * Set `protect` on every child, so that Pulumi refuses to delete them. Redis
     * says these resources must not be changed or removed. Default true; set
     * false only for throw-away test accounts. A retiring (non-current) access
     * key is never protected, so that rotation can remove it.
     */
    protectResources?: boolean;
    /**
     * Adopt the Redis resources that already exist in this AWS account (its
     * 12-digit ID) instead of creating them: every child is imported with
     * Pulumi's `import` option, ignoring the properties an old account may have
     * differently. `npm run audit` prints this and the other adoption keys for
     * the account. After one `pulumi up`, remove it and preview: the diff is how
     * Redis's current documents differ from what was there (docs/audit-and-adoption.md, "Adopt").
     */
    adoptAccountId?: string;
    /**
     * With `adoptAccountId`: the ID of `redislabs-user`'s existing access key,
     * imported as the first (retiring) generation of `accessKeyGenerations`,
     * which must then list two. The second is a new key: give it to Redis
     * Cloud, then remove the first generation. The old key's secret cannot be read.
     */
    adoptAccessKeyId?: string;
    /**
     * With `adoptAccountId`: children that do not exist in the account and are
     * created instead of imported, as `npm run audit` lists them (for example
     * `["instance-profile"]`).
     */
    adoptCreate?: AdoptableChild[];
}

export const ACCESS_KEY_LIMITS = { maxLiveKeys: 2, generationPattern: /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/ } as const;
export const CONSOLE_PASSWORD_LENGTH = { min: 20, max: 128, default: 32 } as const;

export interface ValidatedArgs {
    consoleRolePolicy: ConsoleRolePolicy;
    tags: pulumi.Input<Record<string, string>> | undefined;
    permissionsBoundaryArn: pulumi.Input<string> | undefined;
    pgpKey: pulumi.Input<string> | undefined;
    consoleLogin: boolean;
    consolePasswordLength: number;
    accessKeyGenerations: string[];
    keyRetirementGate: KeyRetirementGate;
    protectResources: boolean;
    adoption?: { accountId: string; accessKeyId?: string; create: AdoptableChild[] };
}

function checkAccessKeyGenerations(value: unknown): string[] {
    if (value === undefined || value === null) return ["1"];
    const field = "accessKeyGenerations";
    if (!Array.isArray(value) || value.length === 0) {
        throw argError(COMPONENT, field, "must be a list of one or two generation ids, oldest first");
    }
    if (value.length > ACCESS_KEY_LIMITS.maxLiveKeys) {
        throw argError(COMPONENT, field, `lists ${value.length} keys; an IAM user may hold at most ${ACCESS_KEY_LIMITS.maxLiveKeys}`);
    }
    value.forEach((generation: unknown, index: number) => {
        if (generation === null || generation === undefined) {
            // `pulumi config set --path 'accessKeyGenerations[1]' 2` on an unset list stores [null, 2].
            throw argError(
                COMPONENT,
                field,
                `entry ${index} is empty; set it (for example \`pulumi config set --path 'accessKeyGenerations[${index}]' ${index + 1}\`) ` +
                    `or remove the list with \`pulumi config rm accessKeyGenerations\``,
            );
        }
        if (typeof generation !== "string" || !ACCESS_KEY_LIMITS.generationPattern.test(generation)) {
            throw argError(
                COMPONENT,
                field,
                `entry ${index}: each generation id must be 1 to 32 letters, digits or dashes, starting with a letter or digit`,
            );
        }
    });
    const repeated = value.find((generation, index) => value.indexOf(generation) !== index);
    if (repeated !== undefined) {
        throw argError(COMPONENT, field, `generation "${repeated}" is listed twice; each generation id must be unique`);
    }
    return value;
}

/** The adoption args, checked together: they only mean something with `adoptAccountId`. */
function checkAdoption(a: Partial<RedisCloudIamArgs>, accessKeyGenerations: string[]): ValidatedArgs["adoption"] {
    if (a.adoptAccountId === undefined || a.adoptAccountId === null) {
        for (const field of ["adoptAccessKeyId", "adoptCreate"] as const) {
            if (a[field] !== undefined && a[field] !== null) throw argError(COMPONENT, field, "is only used with adoptAccountId");
        }
        return undefined;
    }
    if (typeof a.adoptAccountId !== "string" || !ACCOUNT_ID_PATTERN.test(a.adoptAccountId)) {
        throw argError(COMPONENT, "adoptAccountId", "must be the 12-digit ID of the AWS account whose Redis resources are adopted");
    }
    const accessKeyId = a.adoptAccessKeyId ?? undefined;
    if (accessKeyId !== undefined) {
        if (typeof accessKeyId !== "string" || !ACCESS_KEY_ID_PATTERN.test(accessKeyId)) {
            throw argError(
                COMPONENT,
                "adoptAccessKeyId",
                "must be an access key ID of an IAM user (AKIA followed by 16 letters or digits)",
            );
        }
        if (a.accessKeyGenerations === undefined || accessKeyGenerations.length !== 2) {
            throw argError(
                COMPONENT,
                "accessKeyGenerations",
                'must list two generations with adoptAccessKeyId: the adopted key first, then a new one (for example ["adopted", "1"])',
            );
        }
    }
    const allowed = Object.values(AdoptableChild);
    const create = a.adoptCreate ?? [];
    if (!Array.isArray(create) || create.some((child) => !allowed.includes(child))) {
        throw argError(COMPONENT, "adoptCreate", `must be a list of ${allowed.map((child) => `"${child}"`).join(", ")}`);
    }
    return { accountId: a.adoptAccountId, accessKeyId, create };
}

/** Checks every arg; throws before anything is registered. */
export function validateRedisCloudIamArgs(args: RedisCloudIamArgs | undefined): ValidatedArgs {
    const a: Partial<RedisCloudIamArgs> = args ?? {};
    const accessKeyGenerations = checkAccessKeyGenerations(a.accessKeyGenerations);
    return {
        consoleRolePolicy:
            checkEnum(COMPONENT, "consoleRolePolicy", ConsoleRolePolicy)(a.consoleRolePolicy) ?? ConsoleRolePolicy.InstanceRolePolicy,
        tags: a.tags === undefined ? undefined : (checkInput(a.tags, checkTags(COMPONENT, "tags")) as pulumi.Input<Record<string, string>>),
        permissionsBoundaryArn:
            a.permissionsBoundaryArn === undefined
                ? undefined
                : (checkInput(a.permissionsBoundaryArn, checkPolicyArn(COMPONENT, "permissionsBoundaryArn")) as pulumi.Input<string>),
        pgpKey: a.pgpKey === undefined ? undefined : (checkInput(a.pgpKey, checkPgpKey(COMPONENT, "pgpKey")) as pulumi.Input<string>),
        consoleLogin: checkBoolean(COMPONENT, "consoleLogin")(a.consoleLogin) ?? false,
        consolePasswordLength:
            checkInteger(
                COMPONENT,
                "consolePasswordLength",
                CONSOLE_PASSWORD_LENGTH.min,
                CONSOLE_PASSWORD_LENGTH.max,
            )(a.consolePasswordLength) ?? CONSOLE_PASSWORD_LENGTH.default,
        accessKeyGenerations,
        keyRetirementGate: checkEnum(COMPONENT, "keyRetirementGate", KeyRetirementGate)(a.keyRetirementGate) ?? KeyRetirementGate.Refuse,
        protectResources: checkBoolean(COMPONENT, "protectResources")(a.protectResources) ?? true,
        adoption: checkAdoption(a, accessKeyGenerations),
    };
}
