/**
 * The one walk behind the default-deny policies: every key and every string
 * anywhere in a resource's properties, whatever the provider, tested against
 * one precompiled matcher (a RegExp built once per config). Lists are read
 * element by element, ARNs and other strings are matched on token boundaries,
 * and every value is read as a user's tools would decode it:
 *
 * - JSON and YAML text (templates, desired states, policy documents, SSM
 *   documents, buildspecs, provider settings) is parsed to find where inside
 *   it a match sits, and to read what escapes or CloudFormation functions
 *   spell; YAML's short-form tags (`!Sub`, `!Join`, `!Ref`...) included;
 * - base64 (user data) and percent-encoding (encoded ARNs) are decoded;
 * - `Fn::Sub` and `Fn::Join` are read as the text they make, each placeholder
 *   or part that is not a literal read as `*` (a wildcard in an IAM pattern;
 *   for a token search the literal parts still match);
 * - a 12-digit number is read as the account ID it may be.
 *
 * Decoding is tried only where it can change the answer (the text already
 * matches, or holds an escape or a CloudFormation function that can spell a
 * match), so an ordinary string costs one RegExp test and a few length and
 * character checks.
 *
 * The walk reads the SDK proxy's raw target, so a value unknown at preview is
 * skipped where it stands (element by element) instead of throwing the SDK's
 * "can't run policy during preview" advisory for the whole resource: every
 * known value is decided now, and the unknown ones at `pulumi up`, where the
 * pack runs again with them known.
 *
 * Bounded: nesting deeper than MAX_DEPTH, JSON text that must be decoded but
 * is larger than MAX_JSON_TEXT, YAML text larger than MAX_YAML_TEXT or with
 * more aliases than MAX_YAML_ALIASES, throws ScanLimitError, which the
 * policies turn into a violation naming themselves (a guard fails closed).
 */
import { isUnknownSentinel, rawProps } from "./sdk-internals";
import { MAX_YAML_ALIASES, YamlLimitError, parseYaml } from "./yaml-text";

/** Deeper than any provider schema or policy document; protobuf itself stops at 100. */
export const MAX_DEPTH = 64;
/** Larger than any IAM, key or resource policy and any inline CloudFormation template (51,200 bytes). */
export const MAX_JSON_TEXT = 1 << 20;
/** Four times CloudFormation's inline template (51,200 bytes) and SSM's document limit (64 KB): YAML parses slower than JSON. */
export const MAX_YAML_TEXT = 1 << 18;

/** A scan past its bounds, named by the top-level field it started from. */
export class ScanLimitError extends Error {
    constructor(
        readonly field: string,
        readonly limit: string,
    ) {
        super(`field "${field}" ${limit}`);
    }
}

/**
 * Where a match sits: the normalized path (`ingress[].securityGroups[]`, `policy.Statement[].Resource`), whether it
 * is a key, the token found (lower case), and whether it sits in an IAM policy statement (an object with an `Effect`
 * of `Allow` or `Deny` under a `Statement` key), which a policy judging documents by effect reads for itself.
 */
export interface Hit {
    path: string;
    inKey: boolean;
    /** The first token found there (lower case). */
    token: string;
    /** Every token found there (lower case), the first one first: a shared walk's policies each take theirs (lib/shared-scan.ts). */
    tokens: readonly string[];
    inStatement: boolean;
}

/** A policy document's `Statement`: one statement or a list of them, each with an `Effect` IAM knows. */
function isStatementList(value: unknown): boolean {
    const statements = Array.isArray(value) ? value : [value];
    return (
        statements.length > 0 &&
        statements.every(
            (statement) =>
                typeof statement === "object" &&
                statement !== null &&
                ((statement as Record<string, unknown>).Effect === "Allow" || (statement as Record<string, unknown>).Effect === "Deny"),
        )
    );
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
/**
 * What can spell a match the raw text does not show: an escape (`\u0072` in
 * JSON; `\x72`, `\u`, `\U` or a line continuation in YAML's double quotes), or a
 * CloudFormation function that assembles text (`Fn::Join`, `Fn::Sub`, `!Join`, `!Sub`), or YAML's `!!binary`.
 * Two `includes` first, so that an ordinary string never runs the RegExp.
 */
const HIDING = /\\[uxU]|\\\r?\n|Fn::(?:Join|Sub)|!(?:Join|Sub)\b|!!binary/;
const mayHideMatch = (text: string): boolean => (text.includes("\\") || text.includes("Fn::") || text.includes("!")) && HIDING.test(text);

/** Text that may be JSON or YAML worth decoding for what it hides: it opens like JSON (or flow YAML), or spans lines. Nearly free. */
const mayBeStructured = (text: string): boolean => looksLikeJson(text) || text.includes("\n");

/** YAML worth parsing: a mapping entry (`key:` at a line's start, or after `- `) or a document marker, in text of more than one line. */
const YAML_SHAPE = /(?:^|\n)[ \t]*(?:- +)?(?:[A-Za-z0-9_"'$][^\n:]*|!\w+ [^\n:]*):(?:[ \t]|\r?\n|$)|(?:^|\n)---/;
const looksLikeYaml = (text: string): boolean => (text.includes("\n") || text.includes(": ")) && YAML_SHAPE.test(text);

/**
 * Structured text as a user's tools would read it: JSON, or else YAML (with
 * CloudFormation's short forms); CloudFormation's `Fn::Sub` and `Fn::Join`
 * in it replaced by the text they make. Undefined when it is neither.
 * Throws ScanLimitError past the bounds, named by `field`.
 */
function decodeStructured(text: string, field: string): { value: unknown } | undefined {
    if (looksLikeJson(text)) {
        if (text.length > MAX_JSON_TEXT) throw new ScanLimitError(field, `holds JSON text larger than ${MAX_JSON_TEXT} characters`);
        try {
            const parsed: unknown = JSON.parse(text);
            return { value: text.includes("Fn::") ? resolvedTree(parsed, 0, field) : parsed };
        } catch (error) {
            if (error instanceof ScanLimitError) throw error;
            // Not JSON: flow-style YAML (`{Key: !Sub ...}`) may still be.
        }
    }
    if (!looksLikeYaml(text) && !looksLikeJson(text)) return undefined;
    if (text.length > MAX_YAML_TEXT) throw new ScanLimitError(field, `holds YAML text larger than ${MAX_YAML_TEXT} characters`);
    let parsed: { value: unknown } | undefined;
    try {
        parsed = parseYaml(text);
    } catch (error) {
        if (error instanceof YamlLimitError) throw new ScanLimitError(field, `holds YAML text with more than ${MAX_YAML_ALIASES} aliases`);
        return undefined;
    }
    // A YAML reading that is just the text again (a plain scalar) adds nothing.
    if (parsed === undefined || typeof parsed.value === "string") return undefined;
    // Functions (`Fn::Sub`, `!Join`) and bytes (`!!binary`) need a second pass; most YAML has neither.
    return { value: text.includes("Fn::") || text.includes("!") ? resolvedTree(parsed.value, 0, field) : parsed.value };
}

/** The one key of a CloudFormation function object (`{ "Fn::Sub": ... }`), if `value` is one that makes text. */
function textFunction(value: Record<string, unknown>): "Fn::Sub" | "Fn::Join" | undefined {
    // Two lookups first: most objects are no function, and enumerating their keys would cost more.
    if (value["Fn::Sub"] === undefined && value["Fn::Join"] === undefined) return undefined;
    let found: "Fn::Sub" | "Fn::Join" | undefined;
    for (const key in value) {
        if (found !== undefined || (key !== "Fn::Sub" && key !== "Fn::Join")) return undefined;
        found = key;
    }
    return found;
}

/** A part of a function's text as a string: a literal, a nested `Fn::Sub`/`Fn::Join`, or `*` for what is known only at deploy time. */
function partText(part: unknown, depth: number, field: string): string {
    if (typeof part === "string") return part;
    if (typeof part === "object" && part !== null && !Array.isArray(part)) {
        const made = madeText(part as Record<string, unknown>, depth + 1, field);
        if (made !== undefined) return made;
    }
    return "*";
}

/**
 * The text a CloudFormation `Fn::Sub` or `Fn::Join` makes, as far as the
 * template alone says: `${Name}` from a literal variable, `${!Literal}` as
 * written, every other placeholder (`${AWS::AccountId}`, a parameter, a
 * resource's attribute) and every part that is not a literal as `*`.
 */
function madeText(value: Record<string, unknown>, depth: number, field: string): string | undefined {
    if (depth > MAX_DEPTH) throw new ScanLimitError(field, `is nested deeper than ${MAX_DEPTH} levels`);
    const fn = textFunction(value);
    const args = fn === undefined ? undefined : value[fn];
    if (fn === "Fn::Join") {
        if (!Array.isArray(args) || args.length !== 2 || typeof args[0] !== "string" || !Array.isArray(args[1])) return undefined;
        return (args[1] as unknown[]).map((part) => partText(part, depth, field)).join(args[0]);
    }
    if (fn === "Fn::Sub") {
        const [template, variables] = Array.isArray(args) ? args : [args, undefined];
        if (typeof template !== "string") return undefined;
        const vars = typeof variables === "object" && variables !== null ? (variables as Record<string, unknown>) : {};
        return template.replace(/\$\{([^}]*)\}/g, (_, name: string) =>
            name.startsWith("!") ? `\${${name.slice(1)}}` : Object.hasOwn(vars, name) ? partText(vars[name], depth, field) : "*",
        );
    }
    return undefined;
}

/** A decoded tree (the pack's own copy) with each `Fn::Sub` and `Fn::Join` replaced by the text it makes, so that every reader sees the text. */
function resolvedTree(value: unknown, depth: number, field: string): unknown {
    if (typeof value !== "object" || value === null) return value;
    if (depth > MAX_DEPTH) throw new ScanLimitError(field, `is nested deeper than ${MAX_DEPTH} levels`);
    if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) value[i] = resolvedTree(value[i], depth + 1, field);
        return value;
    }
    // Bytes (YAML's `!!binary`) as the text they hold; other classes than the parser's plain objects are left as they are.
    if (value instanceof Uint8Array) return bytesText(value) ?? "";
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) return value;
    const record = value as Record<string, unknown>;
    const made = madeText(record, depth, field);
    if (made !== undefined) return made;
    for (const key in record) {
        const resolved = resolvedTree(record[key], depth + 1, field);
        if (resolved !== record[key]) record[key] = resolved;
    }
    return value;
}

/** The shortest text an encoding or a structure can hide a name or an account in (`\u0072` alone is 6 characters). */
const MIN_ENCODED_TEXT = 8;

/** An account ID is 12 digits; a template or JSON document may give one as a number. */
const accountIdText = (value: number): string | undefined =>
    Number.isInteger(value) && value >= 1e11 && value < 1e12 ? String(value) : undefined;

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

/** Bytes (YAML's `!!binary`) as the text they hold, if they are text. */
function bytesText(value: Uint8Array): string | undefined {
    const text = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("utf8");
    return isText(text) ? text : undefined;
}

/**
 * Every key and string in `props` that `matches`.
 */
export function findHits(props: unknown, matches: TokenMatcher): Hit[] {
    const hits: Hit[] = [];
    const segments: string[] = [];
    let statements = 0;
    const hit = (path: string, inKey: boolean, text: string, tokens = matches.findAll(text)) =>
        hits.push({ path, inKey, token: tokens[0] ?? "", tokens, inStatement: statements > 0 });

    const walkString = (value: string, depth: number): void => {
        // Shorter than every token: it cannot match, and no encoding makes text shorter than what it spells.
        if (value.length < matches.shortest || isUnknownSentinel(value)) return;
        const matched = matches.test(value);
        // Structured text is decoded only when that can change the answer: it matches (to place the match), or may hide one.
        if (matched || (mayBeStructured(value) && mayHideMatch(value))) {
            const before = hits.length;
            const decoded = decodeStructured(value, segments[0] ?? "");
            if (decoded !== undefined) walk(decoded.value, depth + 1);
            // A token that decoding did not place (not structured, or split by the decoding) still counts, at the field.
            if (matched) {
                const placed = new Set(hits.slice(before).flatMap((h) => h.tokens));
                const unplaced = matches.findAll(value).filter((token) => !placed.has(token));
                if (unplaced.length > 0) hit(pathOf(segments), false, value, unplaced);
            }
            if (matched || decoded !== undefined) return;
        }
        const decoded = decodedText(value);
        if (decoded !== undefined && decoded !== value) walkString(decoded, depth + 1);
    };

    const walk = (value: unknown, depth: number): void => {
        if (depth > MAX_DEPTH) throw new ScanLimitError(segments[0] ?? "", `is nested deeper than ${MAX_DEPTH} levels`);
        if (typeof value === "string") return walkString(value, depth);
        if (typeof value === "number") {
            const text = accountIdText(value);
            if (text !== undefined) walkString(text, depth);
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
            if (matches.test(key)) hit(pathOf([...segments, key]), true, key);
            const child = (value as Record<string, unknown>)[key];
            // An `Fn::Sub` or `Fn::Join` in the raw inputs (decoded text has them replaced already): the text it makes, at its field.
            if (key === "Fn::Sub" || key === "Fn::Join") {
                const made = madeText(value as Record<string, unknown>, depth, segments[0] ?? "");
                if (made !== undefined) walkString(made, depth + 1);
            }
            const statement = key === "Statement" && isStatementList(child);
            if (statement) statements++;
            segments.push(key);
            walk(child, depth + 1);
            segments.pop();
            if (statement) statements--;
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
    const source = `(?<![A-Za-z0-9_-])(?:${alternatives.join("|")})(?![A-Za-z0-9_-])`;
    const pattern = new RegExp(source, "i");
    const every = new RegExp(source, "gi");
    const shortest = usable[usable.length - 1].length;
    // Most strings of a stack (field names, ports, CIDRs, short names) are shorter than any token: rejected without the RegExp.
    return {
        shortest,
        tokens: new Set(usable.map((token) => token.toLowerCase())),
        test: (text: string) => text.length >= shortest && pattern.test(text),
        find: (text: string) => (text.length >= shortest ? pattern.exec(text)?.[0].toLowerCase() : undefined),
        findAll: (text: string) =>
            text.length >= shortest ? [...new Set(Array.from(text.matchAll(every), (match) => match[0].toLowerCase()))] : [],
    };
}

/** A precompiled test for whole tokens in a string (see `tokenMatcher`), and the first token it finds (lower case). */
export interface TokenMatcher {
    /** The length of the shortest token: no shorter string can match, or spell a match in any encoding. */
    readonly shortest: number;
    /** Its tokens, in lower case. */
    readonly tokens: ReadonlySet<string>;
    test(text: string): boolean;
    find(text: string): string | undefined;
    /** Every distinct token in the text, in lower case, in the order found. */
    findAll(text: string): string[];
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

/**
 * A scan (`findHits`, or a shared walk), with a scan past its bounds reported as a violation naming the policy:
 * what a guard cannot read, it cannot allow.
 */
export function scanOrFailClosed(policyName: string, scan: () => Hit[], report: (message: string) => void): Hit[] {
    try {
        return scan();
    } catch (error) {
        if (!(error instanceof ScanLimitError)) throw error;
        report(
            `${policyName} cannot inspect field "${displayPath(error.field)}" (it ${error.limit}), so it cannot allow this resource; use a smaller or flatter value, or a reviewed exception for this resource.`,
        );
        return [];
    }
}

/** What `walkDecoded` shows a visitor: each object with its path, and each string with its path and key. */
export interface Visitor {
    /**
     * Decide whether structured text is worth decoding for this visitor (it is decoded only if it also looks like
     * JSON or YAML); text that may hide a match in escapes or CloudFormation functions is decoded whatever this says.
     */
    decodes(text: string): boolean;
    /** Paths are built only when asked for (`path()`): most values never need one. */
    object?(value: Record<string, unknown>, path: () => string): void;
    string?(value: string, path: () => string, key: string): void;
}

/**
 * Every object and string of `props` as a service reads a document: structured
 * text (JSON, YAML) parsed where the visitor asks or where it may hide a
 * match, `Fn::Sub` and `Fn::Join` read as the text they make, unknowns
 * skipped, with the same bounds as `findHits` (ScanLimitError). Base64 and
 * percent-encoding are left to `findHits`: AWS reads a policy document as it
 * stands, while scripts and user data, which decode them, are free text.
 */
export function walkDecoded(props: unknown, visitor: Visitor): void {
    const segments: string[] = [];
    const path = () => pathOf(segments);
    const walkString = (value: string, depth: number, key: string): void => {
        if (isUnknownSentinel(value)) return;
        visitor.string?.(value, path, key);
        // Structured text only (it opens like JSON, or spans lines like YAML) is worth the visitor's own test.
        if (value.length >= MIN_ENCODED_TEXT && mayBeStructured(value) && (visitor.decodes(value) || mayHideMatch(value))) {
            const decoded = decodeStructured(value, segments[0] ?? "");
            if (decoded !== undefined) walk(decoded.value, depth + 1, key);
        }
    };
    const walk = (value: unknown, depth: number, key: string): void => {
        if (depth > MAX_DEPTH) throw new ScanLimitError(segments[0] ?? "", `is nested deeper than ${MAX_DEPTH} levels`);
        if (typeof value === "string") return walkString(value, depth, key);
        if (typeof value === "number") {
            const text = accountIdText(value);
            if (text !== undefined) walkString(text, depth, key);
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
            if (child === "Fn::Sub" || child === "Fn::Join") {
                const made = madeText(value as Record<string, unknown>, depth, segments[0] ?? "");
                if (made !== undefined) walkString(made, depth + 1, key);
            }
            segments.push(child);
            walk((value as Record<string, unknown>)[child], depth + 1, child);
            segments.pop();
        }
    };
    walk(rawProps(props), 0, "");
}
