/**
 * The one walk behind the default-deny policies: every key and every string
 * anywhere in a resource's properties, whatever the provider, tested against
 * one precompiled matcher (a RegExp built once per config). Lists are read
 * element by element, ARNs and other strings are matched on token boundaries,
 * and JSON text (templates, desired states, policy documents, provider
 * settings) is decoded to find where inside it a match sits.
 *
 * The walk reads the SDK proxy's raw target, so a value unknown at preview is
 * skipped where it stands (element by element) instead of throwing the SDK's
 * "can't run policy during preview" advisory for the whole resource: every
 * known value is decided now, and the unknown ones at `pulumi up`, where the
 * pack runs again with them known.
 *
 * Bounded: nesting deeper than MAX_DEPTH, or JSON text that must be decoded
 * but is larger than MAX_JSON_TEXT, throws ScanLimitError, which the policies
 * turn into a violation naming themselves (a guard fails closed).
 */
import { isUnknownSentinel, rawProps } from "./sdk-internals";

/** Deeper than any provider schema or policy document; protobuf itself stops at 100. */
export const MAX_DEPTH = 64;
/** Larger than any IAM, key or resource policy and any inline CloudFormation template (51,200 bytes). */
export const MAX_JSON_TEXT = 1 << 20;

/** A scan past its bounds, named by the top-level field it started from. */
export class ScanLimitError extends Error {
    constructor(
        readonly field: string,
        readonly limit: string,
    ) {
        super(`field "${field}" ${limit}`);
    }
}

/** Where a match sits: the normalized path (`ingress[].securityGroups[]`, `policy.Statement[].Resource`), and whether it is a key. */
export interface Hit {
    path: string;
    inKey: boolean;
}

const LIST = "[]";
const pathOf = (segments: readonly string[]): string => {
    let path = "";
    for (const segment of segments) path += segment === LIST ? LIST : path ? `.${segment}` : segment;
    return path;
};

/** JSON text worth decoding: it opens like an object or a list (after blanks; without allocating, as it runs on every string). */
const looksLikeJson = (text: string): boolean => {
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x7b || c === 0x5b) return true; // { [
        if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false;
    }
    return false;
};
/** `\u` escapes can spell a match that the raw text does not show. */
const hasUnicodeEscape = (text: string): boolean => text.includes("\\u");

/** Base64 as user data and `*Base64` inputs carry it: long enough to hide an ID, one unbroken run of the alphabet. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const MIN_BASE64_TEXT = 16;
/** Decoded text is worth reading only if it is text: no control characters besides blanks. */
const isText = (text: string): boolean => {
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffd) return false;
    }
    return true;
};

/**
 * What a user's tools would read in a string the raw text hides a match in:
 * percent-encoding (`%2F`, as in encoded ARNs) or base64 (user data). Only
 * tried on a string that did not match as it stands; undefined when it is
 * neither.
 */
function decodedText(text: string): string | undefined {
    if (text.includes("%") && /%[0-9A-Fa-f]{2}/.test(text)) {
        try {
            return decodeURIComponent(text);
        } catch {
            return undefined;
        }
    }
    if (text.length >= MIN_BASE64_TEXT && text.length <= MAX_JSON_TEXT && BASE64.test(text)) {
        const decoded = Buffer.from(text, "base64").toString("utf8");
        return isText(decoded) ? decoded : undefined;
    }
    return undefined;
}

/** CloudFormation's `Fn::Join` of literals, as the template's value would be: `{ "Fn::Join": ["", ["sg-", "0abc"]] }`. */
function joinedLiterals(value: unknown): string | undefined {
    if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== "string" || !Array.isArray(value[1])) return undefined;
    const parts = value[1] as unknown[];
    return parts.every((part) => typeof part === "string") ? (parts as string[]).join(value[0]) : undefined;
}

/**
 * Every key and string in `props` that `matches`.
 */
export function findHits(props: unknown, matches: TokenMatcher): Hit[] {
    const hits: Hit[] = [];
    const segments: string[] = [];

    const decode = (text: string, depth: number): boolean => {
        if (text.length > MAX_JSON_TEXT)
            throw new ScanLimitError(segments[0] ?? "", `holds JSON text larger than ${MAX_JSON_TEXT} characters`);
        let parsed: unknown;
        try {
            parsed = JSON.parse(text);
        } catch {
            return false;
        }
        walk(parsed, depth + 1);
        return true;
    };

    const walk = (value: unknown, depth: number): void => {
        if (depth > MAX_DEPTH) throw new ScanLimitError(segments[0] ?? "", `is nested deeper than ${MAX_DEPTH} levels`);
        if (typeof value === "string") {
            if (isUnknownSentinel(value)) return;
            const matched = matches.test(value);
            const json = looksLikeJson(value);
            // JSON text is decoded only when it can hide a match: an escape, or a join of literals.
            if (!matched && !(json && (hasUnicodeEscape(value) || value.includes("Fn::Join")))) {
                const decoded = json ? undefined : decodedText(value);
                if (decoded !== undefined && decoded !== value) walk(decoded, depth + 1);
                return;
            }
            const before = hits.length;
            const decoded = json && decode(value, depth);
            // A match that decoding did not place (not JSON, or split by the decoding) still counts, at the field.
            if (matched && (!decoded || hits.length === before)) hits.push({ path: pathOf(segments), inKey: false });
            return;
        }
        if (typeof value !== "object" || value === null) return;
        if (Array.isArray(value)) {
            segments.push(LIST);
            for (const element of value) walk(element, depth + 1);
            segments.pop();
            return;
        }
        // for-in over plain objects (decoded JSON, the SDK's deserialized props): no key array allocated per object.
        for (const key in value) {
            if (matches.test(key)) hits.push({ path: pathOf([...segments, key]), inKey: true });
            if (key === "Fn::Join") {
                const joined = joinedLiterals((value as Record<string, unknown>)[key]);
                if (joined !== undefined && matches.test(joined)) hits.push({ path: pathOf([...segments, key]), inKey: false });
            }
            segments.push(key);
            walk((value as Record<string, unknown>)[key], depth + 1);
            segments.pop();
        }
    };

    walk(rawProps(props), 0);
    return hits;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
/**
 * One matcher for a list of tokens (IDs, a tag key): each must stand on its
 * own, not inside a longer ID or word. Letters, digits, `_` and `-` continue a
 * token; anything else (`/`, `:`, `"`, `.`, spaces) bounds it, so an ID is
 * found alone, in an ARN, in `tag:<key>`, or in JSON text. Without regard to
 * case: AWS IDs are lower case, IAM names and tag keys compare case-blind.
 */
export function tokenMatcher(tokens: readonly string[]): TokenMatcher | undefined {
    const usable = [...new Set(tokens.filter((token) => typeof token === "string" && token.length > 0))];
    if (usable.length === 0) return undefined;
    // Longest first, so that an ID that prefixes another cannot shadow it.
    const alternatives = usable.sort((a, b) => b.length - a.length).map(escapeRegExp);
    const pattern = new RegExp(`(?<![A-Za-z0-9_-])(?:${alternatives.join("|")})(?![A-Za-z0-9_-])`, "i");
    const shortest = usable[usable.length - 1].length;
    // Most strings of a stack (field names, ports, CIDRs, short names) are shorter than any token: rejected without the RegExp.
    return { test: (text: string) => text.length >= shortest && pattern.test(text) };
}

/** A precompiled test for whole tokens in a string (see `tokenMatcher`). */
export interface TokenMatcher {
    test(text: string): boolean;
}

/**
 * A path as a message may show it. Field names of Pulumi schemas are lower
 * camel case; other keys (tag keys, user map keys, JSON document keys) are
 * data, shown as `*`, since a message must never echo a value.
 */
export function displayPath(path: string): string {
    return path
        .split(".")
        .map((part) => {
            const bare = part.replace(/(\[\])+$/, "");
            const lists = part.slice(bare.length);
            return (/^[a-z][A-Za-z0-9]{0,63}$/.test(bare) ? bare : "*") + lists;
        })
        .join(".");
}

/** Whether `path` is `field` itself or lies beneath it (`field.x`, `field[]...`). */
export function isUnder(path: string, field: string): boolean {
    if (!path.startsWith(field)) return false;
    const next = path[field.length];
    return next === undefined || next === "." || next === "[";
}

/** `findHits`, with a scan past its bounds reported as a violation naming the policy: what a guard cannot read, it cannot allow. */
export function scanOrFailClosed(policyName: string, props: unknown, matches: TokenMatcher, report: (message: string) => void): Hit[] {
    try {
        return findHits(props, matches);
    } catch (error) {
        if (!(error instanceof ScanLimitError)) throw error;
        report(`${policyName} cannot inspect field "${displayPath(error.field)}" (it ${error.limit}), so it cannot allow this resource.`);
        return [];
    }
}

/** What `walkDecoded` shows a visitor: each object with its path, and each string with its path and key. */
export interface Visitor {
    /** Decide whether a string is JSON worth decoding (it is decoded only if it also opens like JSON). */
    decodes(text: string): boolean;
    /** Paths are built only when asked for (`path()`): most values never need one. */
    object?(value: Record<string, unknown>, path: () => string): void;
    string?(value: string, path: () => string, key: string): void;
}

/**
 * Every object and string of `props`, JSON text decoded where the visitor
 * asks, unknowns skipped, with the same bounds as `findHits` (ScanLimitError).
 */
export function walkDecoded(props: unknown, visitor: Visitor): void {
    const segments: string[] = [];
    const path = () => pathOf(segments);
    const walk = (value: unknown, depth: number, key: string): void => {
        if (depth > MAX_DEPTH) throw new ScanLimitError(segments[0] ?? "", `is nested deeper than ${MAX_DEPTH} levels`);
        if (typeof value === "string") {
            if (isUnknownSentinel(value)) return;
            visitor.string?.(value, path, key);
            if (!looksLikeJson(value) || !visitor.decodes(value)) return;
            if (value.length > MAX_JSON_TEXT)
                throw new ScanLimitError(segments[0] ?? "", `holds JSON text larger than ${MAX_JSON_TEXT} characters`);
            let parsed: unknown;
            try {
                parsed = JSON.parse(value);
            } catch {
                return;
            }
            walk(parsed, depth + 1, key);
            return;
        }
        if (typeof value !== "object" || value === null) return;
        if (Array.isArray(value)) {
            segments.push(LIST);
            for (const element of value) walk(element, depth + 1, key);
            segments.pop();
            return;
        }
        visitor.object?.(value as Record<string, unknown>, path);
        for (const child in value) {
            segments.push(child);
            walk((value as Record<string, unknown>)[child], depth + 1, child);
            segments.pop();
        }
    };
    walk(rawProps(props), 0, "");
}
