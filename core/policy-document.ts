/**
 * Typed IAM policy documents, and a tolerant comparison of a document that
 * came from anywhere (a stack, a config file) with a canonical one.
 *
 * This module has no runtime dependencies: the guard pack compiles it in, and
 * it must never throw on input it did not create.
 */
import { isRecord } from "./values";
/** A service-prefixed IAM action such as `ec2:RunInstances` (wildcards allowed). */
export type IamAction = `${string}:${string}`;

/** One or many, as IAM writes them. Redis's text uses both forms; we keep its form. */
export type OneOrMany<T> = T | T[];

/** IAM condition operators used by Redis's documents (add more as needed). */
export type ConditionOperator =
    | "StringEquals"
    | "StringLike"
    | "Bool"
    | "Null"
    | "ArnLike"
    | "ArnEquals"
    // Used by the RedisManagedGuardrail SCP.
    | "ArnNotLike"
    | "ForAnyValue:StringEqualsIgnoreCase";

export type ConditionBlock = Partial<Record<ConditionOperator, Record<string, OneOrMany<string>>>>;

export type Principal = { Service: OneOrMany<string> } | { AWS: OneOrMany<string> };

export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: Principal;
    Action: OneOrMany<IamAction>;
    Resource?: OneOrMany<string>;
    Condition?: ConditionBlock;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

/** A statement in a form where equal meaning means equal value: arrays sorted, single values as arrays. */
export interface NormalizedStatement {
    sid: string;
    effect: string;
    principal: Record<string, string[]>;
    action: string[];
    notAction: string[];
    resource: string[];
    notResource: string[];
    condition: Record<string, Record<string, string[]>>;
}

function stringList(value: unknown): string[] | undefined {
    if (value === undefined) return [];
    if (typeof value === "string") return [value];
    if (Array.isArray(value) && value.every((item) => typeof item === "string")) return [...value].sort();
    return undefined;
}

function stringListMap(value: unknown): Record<string, string[]> | undefined {
    if (value === undefined) return {};
    if (value === "*") return { "*": ["*"] };
    if (!isRecord(value)) return undefined;
    const out: Record<string, string[]> = {};
    for (const key of Object.keys(value).sort()) {
        const list = stringList(value[key]);
        if (list === undefined) return undefined;
        out[key] = list;
    }
    return out;
}

/** IAM compares condition values as strings: `true` and `"true"` mean the same. */
function conditionValues(value: unknown): string[] | undefined {
    const asStrings = (item: unknown) => (typeof item === "boolean" || typeof item === "number" ? String(item) : item);
    return stringList(Array.isArray(value) ? value.map(asStrings) : asStrings(value));
}

function normalizeCondition(value: unknown): NormalizedStatement["condition"] | undefined {
    if (value === undefined) return {};
    if (!isRecord(value)) return undefined;
    const out: NormalizedStatement["condition"] = {};
    for (const operator of Object.keys(value).sort()) {
        const keys = value[operator];
        if (!isRecord(keys)) return undefined;
        out[operator] = {};
        for (const key of Object.keys(keys).sort()) {
            const values = conditionValues(keys[key]);
            if (values === undefined) return undefined;
            out[operator][key] = values;
        }
    }
    return out;
}

function normalizeStatement(value: unknown): NormalizedStatement | undefined {
    if (!isRecord(value)) return undefined;
    const principal = stringListMap(value.Principal);
    const action = stringList(value.Action);
    const notAction = stringList(value.NotAction);
    const resource = stringList(value.Resource);
    const notResource = stringList(value.NotResource);
    const condition = normalizeCondition(value.Condition);
    const sid = value.Sid === undefined ? "" : value.Sid;
    if (
        typeof sid !== "string" ||
        typeof value.Effect !== "string" ||
        !principal ||
        !action ||
        !notAction ||
        !resource ||
        !notResource ||
        !condition
    ) {
        return undefined;
    }
    return { sid, effect: value.Effect, principal, action, notAction, resource, notResource, condition };
}

/** A document as an object: parsed when it is JSON text. */
function asDocumentObject(document: unknown): Record<string, unknown> | undefined {
    let parsed: unknown = document;
    if (typeof document === "string") {
        try {
            parsed = JSON.parse(document);
        } catch {
            return undefined;
        }
    }
    return isRecord(parsed) ? parsed : undefined;
}

/** A document parsed from a JSON string or taken as an object; `undefined` when it is not a well-formed policy. */
export function normalizePolicy(document: unknown): NormalizedStatement[] | undefined {
    const parsed = asDocumentObject(document);
    if (!parsed) return undefined;
    const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
    const normalized: NormalizedStatement[] = [];
    for (const statement of statements) {
        const one = normalizeStatement(statement);
        if (!one) return undefined;
        normalized.push(one);
    }
    return normalized;
}

const listFields = ["action", "notAction", "resource", "notResource"] as const;
const fieldLabels: Record<keyof NormalizedStatement, string> = {
    sid: "Sid",
    effect: "Effect",
    principal: "Principal",
    action: "Action",
    notAction: "NotAction",
    resource: "Resource",
    notResource: "NotResource",
    condition: "Condition",
};

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What differs between `actual` and the canonical document, as short sentences.
 *
 * Only canonical values (Redis's Sids and actions, which are public) are ever
 * named; values that came from `actual` are counted, never quoted, because a
 * policy may see secrets in plaintext and must not echo them.
 */
export function describePolicyDifferences(actual: unknown, canonical: PolicyDocument): string[] {
    const actualStatements = normalizePolicy(actual);
    if (!actualStatements) return ["the document is not a well-formed IAM policy (JSON with a Statement list)"];
    const canonicalStatements = normalizePolicy(canonical) ?? [];
    const differences: string[] = [];
    // Under another Version, policy variables such as ${aws:username} are not substituted.
    if (asDocumentObject(actual)?.Version !== canonical.Version) differences.push(`Version must be "${canonical.Version}"`);
    const actualBySid = new Map(actualStatements.map((statement) => [statement.sid, statement]));
    const canonicalSids = new Set(canonicalStatements.map((statement) => statement.sid));
    const label = (sid: string) => (sid ? `statement "${sid}"` : "the unnamed statement");

    for (const expected of canonicalStatements) {
        const found = actualBySid.get(expected.sid);
        if (!found) {
            differences.push(`${label(expected.sid)} is missing`);
            continue;
        }
        for (const field of listFields) {
            const missing = expected[field].filter((item) => !found[field].includes(item));
            const extra = found[field].filter((item) => !expected[field].includes(item)).length;
            if (missing.length) differences.push(`${label(expected.sid)}: ${fieldLabels[field]} lacks ${missing.join(", ")}`);
            if (extra) differences.push(`${label(expected.sid)}: ${fieldLabels[field]} has ${extra} value(s) not in Redis's document`);
        }
        for (const field of ["effect", "principal", "condition"] as const) {
            if (!sameJson(expected[field], found[field])) {
                differences.push(`${label(expected.sid)}: ${fieldLabels[field]} differs from Redis's document`);
            }
        }
    }
    const extraStatements = actualStatements.filter((statement) => !canonicalSids.has(statement.sid)).length;
    if (extraStatements) differences.push(`${extraStatements} statement(s) not in Redis's document`);
    if (actualStatements.length !== actualBySid.size) differences.push("two or more statements share a Sid");
    return differences;
}
