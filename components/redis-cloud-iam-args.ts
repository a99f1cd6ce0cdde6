/**
 * The checks of `RedisCloudIam`'s args, all made before any child is
 * registered: each bad arg throws naming the field and what is allowed.
 */
import * as pulumi from "@pulumi/pulumi";
import { ACCESS_KEY_ID_PATTERN, ACCOUNT_ID_PATTERN, AdoptableChild } from "../core/adoption";
import { ConsoleRolePolicy } from "../core/console-role-policy";
import type { RedisCloudIamArgs } from "./redis-cloud-iam";
import { argError, checkBoolean, checkEnum, checkInput, checkInteger, checkPgpKey, checkPolicyArn, checkTags } from "./validation";

const COMPONENT = "RedisCloudIam";

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
    for (const generation of value) {
        if (typeof generation !== "string" || !ACCESS_KEY_LIMITS.generationPattern.test(generation)) {
            throw argError(
                COMPONENT,
                field,
                "each generation id must be 1 to 32 letters, digits or dashes, starting with a letter or digit",
            );
        }
    }
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
        protectResources: checkBoolean(COMPONENT, "protectResources")(a.protectResources) ?? true,
        adoption: checkAdoption(a, accessKeyGenerations),
    };
}
