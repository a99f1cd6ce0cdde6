/**
 * Argument checks for the components. Every check names the arg and says what
 * is allowed. Plain values are checked synchronously, before any child
 * resource is registered; `Output` values are checked where they become known,
 * with the same message, so the child that would use them fails instead.
 */
import * as pulumi from "@pulumi/pulumi";
import { REDIS_TAG_KEY } from "../core/redis-documents";
import { closestName } from "../core/values";

/** The error every component raises for bad input: the engine prints it against the property path. */
export function argError(component: string, field: string, problem: string): pulumi.InputPropertyError {
    return new pulumi.InputPropertyError({ propertyPath: field, reason: `${component} args.${field}: ${problem}` });
}

type Check<T> = (value: T) => T;

/** The known name a misspelt one was probably meant to be (core/values.ts, shared with the guard pack). */
export { closestName };

function containsOutputOrPromise(value: unknown): boolean {
    if (pulumi.Output.isInstance(value) || value instanceof Promise) return true;
    if (typeof value === "object" && value !== null) return Object.values(value).some(containsOutputOrPromise);
    return false;
}

/** Applies `check` now when the value is plain, or when it resolves when it is (or holds) an Output. */
export function checkInput<T>(value: unknown, check: Check<T>): pulumi.Input<T> {
    if (!containsOutputOrPromise(value)) return check(value as T);
    const resolved = pulumi.output(value as pulumi.Input<object | string>) as pulumi.Output<unknown>;
    return resolved.apply((known) => check(known as T));
}

/** IAM's tag limits (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html). */
export const IAM_TAG_LIMITS = { maxTags: 50, maxKeyLength: 128, maxValueLength: 256 } as const;
const iamTagCharacters = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export function checkTags(component: string, field: string): Check<Record<string, string> | undefined> {
    return (tags) => {
        if (tags === undefined || tags === null) return undefined;
        if (typeof tags !== "object" || Array.isArray(tags)) {
            throw argError(component, field, "must be a map of tag keys to string values");
        }
        const keys = Object.keys(tags);
        if (keys.length > IAM_TAG_LIMITS.maxTags) {
            throw argError(component, field, `has ${keys.length} tags; IAM allows at most ${IAM_TAG_LIMITS.maxTags}`);
        }
        for (const key of keys) {
            const value: unknown = tags[key];
            if (key.toLowerCase() === REDIS_TAG_KEY.toLowerCase()) {
                throw argError(
                    component,
                    field,
                    `key "${REDIS_TAG_KEY}" is reserved for Redis Cloud, whose policies grant rights over what carries it; use another key`,
                );
            }
            if (key.toLowerCase().startsWith("aws:")) {
                throw argError(component, field, `key "${key}" uses the "aws:" prefix, which AWS reserves; use another key`);
            }
            if (key.length < 1 || key.length > IAM_TAG_LIMITS.maxKeyLength || !iamTagCharacters.test(key)) {
                throw argError(
                    component,
                    field,
                    `key "${key.slice(0, 40)}" must be 1 to ${IAM_TAG_LIMITS.maxKeyLength} characters of letters, digits, spaces and _ . : / = + - @`,
                );
            }
            if (typeof value !== "string") {
                throw argError(component, field, `the value of key "${key}" must be a string`);
            }
            if (value.length > IAM_TAG_LIMITS.maxValueLength || !iamTagCharacters.test(value)) {
                throw argError(
                    component,
                    field,
                    `the value of key "${key}" must be 0 to ${IAM_TAG_LIMITS.maxValueLength} characters of letters, digits, spaces and _ . : / = + - @`,
                );
            }
        }
        return tags;
    };
}

/** A customer-managed or AWS-managed IAM policy ARN, in any partition. */
const policyArnPattern = /^arn:aws(-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f|-eusc)?:iam::(\d{12}|aws):policy\/[\w+=,.@/-]{1,128}$/;

export function checkPolicyArn(component: string, field: string): Check<string | undefined> {
    return (arn) => {
        if (arn === undefined || arn === null) return undefined;
        if (typeof arn !== "string" || !policyArnPattern.test(arn)) {
            throw argError(
                component,
                field,
                "must be an IAM policy ARN such as arn:aws:iam::123456789012:policy/MyBoundary (partition aws, aws-cn or aws-us-gov; account ID or 'aws')",
            );
        }
        return arn;
    };
}

/**
 * OpenPGP public-key packet tags, as the first byte of a binary key: old format
 * (tag 6, 1/2/4-byte length) or new format (tag 6). RFC 4880 section 4.2.
 */
const publicKeyPacketFirstBytes = new Set([0x98, 0x99, 0x9a, 0xc6]);
const keybaseUser = /^keybase:[A-Za-z0-9_]{2,16}$/;
const base64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * A PGP key as AWS accepts it: `keybase:<username>`, or the base64 of a binary
 * public key (no ASCII armour). The value itself is never echoed.
 */
export function checkPgpKey(component: string, field: string): Check<string | undefined> {
    const allowed = 'must be "keybase:<username>" or the base64-encoded binary public key (for example `gpg --export KEYID | base64 -w0`)';
    return (key) => {
        if (key === undefined || key === null) return undefined;
        if (typeof key !== "string") throw argError(component, field, allowed);
        const compact = key.replace(/\s+/g, "");
        if (keybaseUser.test(compact)) return compact;
        if (compact.includes("-----BEGIN")) {
            throw argError(component, field, `is ASCII-armoured; it ${allowed}`);
        }
        if (!base64.test(compact) || compact.length % 4 !== 0) throw argError(component, field, `is not valid base64; it ${allowed}`);
        const bytes = Buffer.from(compact, "base64");
        if (bytes.length < 64 || !publicKeyPacketFirstBytes.has(bytes[0])) {
            throw argError(component, field, `does not decode to an OpenPGP public key; it ${allowed}`);
        }
        return compact;
    };
}

export function checkEnum<E extends string>(component: string, field: string, values: Record<string, E>): Check<E | undefined> {
    const allowed = Object.values(values);
    return (value) => {
        if (value === undefined || value === null) return undefined;
        if (!allowed.includes(value)) {
            throw argError(component, field, `must be one of ${allowed.map((v) => `"${v}"`).join(", ")}`);
        }
        return value;
    };
}

export function checkBoolean(component: string, field: string): Check<boolean | undefined> {
    return (value) => {
        if (value === undefined || value === null || typeof value === "boolean") return value ?? undefined;
        throw argError(component, field, "must be true or false");
    };
}

export function checkInteger(component: string, field: string, min: number, max: number): Check<number | undefined> {
    return (value) => {
        if (value === undefined || value === null) return undefined;
        if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
            throw argError(component, field, `must be a whole number from ${min} to ${max}`);
        }
        return value;
    };
}
