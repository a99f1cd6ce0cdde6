/**
 * IAM statements read as AWS reads them, against Redis's effect model
 * (core/redis-effects.ts): does a statement reach one of Redis's principals,
 * on an action Redis needs, under its conditions?
 *
 * Wildcards follow IAM: `*` any run, `?` one character, actions and ARNs
 * compared without regard to case. A condition is evaluated on what a request
 * of Redis's would carry; a key the model cannot know at preview (a tag of the
 * customer's choosing, an instance type Redis picks) is undecided, and the
 * callers judge an undecided statement conservatively, saying which key.
 */
import { REDIS_CLOUD_ACCOUNT_ID, REDIS_TAG_KEY, REDIS_TAG_VALUE } from "../../core/redis-documents";
import {
    REDIS_INSTANCE_PROFILE_ARN,
    REDIS_PRINCIPALS,
    type RedisNeed,
    type RedisPrincipal,
    type RedisPrincipalId,
} from "../../core/redis-effects";
import { isRecord } from "../../core/values";
import { isUnknownSentinel } from "./sdk-internals";

/** Where a document sits decides whom it binds. */
export type DocumentScope =
    /** Service control policy: every principal of the accounts it is attached to, Redis's in-account ones included; no Principal element. */
    | "scp"
    /** Resource control policy: every principal, Redis Cloud's account included, on resources of the services RCPs support. */
    | "rcp"
    /** A resource's own policy (key, endpoint, bucket): whom its Principal element names. */
    | "resource";

/**
 * Services whose resources an RCP governs (AWS Organizations, "Resource
 * control policies", 2025): a Deny in an RCP on any other service has no effect.
 */
export const RCP_SERVICES: ReadonlySet<string> = new Set([
    "s3",
    "sts",
    "kms",
    "sqs",
    "secretsmanager",
    "dynamodb",
    "ecr",
    "logs",
    "cognito-identity",
    "s3tables",
]);

/** The result of one condition, or a whole statement, for one request: holds, does not, or cannot be known at preview. */
export type Verdict = true | false | "undecided";

/** The known strings of a value that IAM reads as one string or a list of them (unknowns at preview left out). */
export const asStrings = (value: unknown): string[] => {
    const list = Array.isArray(value) ? value : [value];
    return list.filter((item): item is string => typeof item === "string" && !isUnknownSentinel(item));
};

const globs = new Map<string, RegExp>();
/** An IAM pattern as a RegExp, compiled once per pattern and case. */
export function glob(pattern: string, caseBlind = true): RegExp {
    const cacheKey = caseBlind ? pattern : `\0${pattern}`;
    let compiled = globs.get(cacheKey);
    if (!compiled) {
        const body = pattern
            .replace(/[.+^${}()|[\]\\/]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".");
        compiled = new RegExp(`^${body}$`, caseBlind ? "is" : "s");
        if (globs.size < 10_000) globs.set(cacheKey, compiled);
    }
    return compiled;
}

const hasWildcard = (text: string) => text.includes("*") || text.includes("?");

/** An ARN's six fields (the resource keeps its own colons), or undefined for anything else. */
function arnFields(text: string): string[] | undefined {
    const parts = text.split(":");
    return parts.length >= 6 && parts[0].toLowerCase() === "arn" ? [...parts.slice(0, 5), parts.slice(5).join(":")] : undefined;
}

/**
 * Whether two IAM patterns can name the same thing (some string matches both),
 * without regard to case. Two ARNs are compared field by field: a `*` in the
 * account does not reach into the resource, as no real ARN would.
 */
export function overlaps(a: string, b: string): boolean {
    const fieldsA = hasWildcard(a) && hasWildcard(b) ? arnFields(a) : undefined;
    const fieldsB = fieldsA && arnFields(b);
    if (fieldsA && fieldsB) return fieldsA.every((field, index) => patternsMeet(field, fieldsB[index]));
    return patternsMeet(a, b);
}

function patternsMeet(a: string, b: string): boolean {
    if (!hasWildcard(b)) return glob(a).test(b);
    if (!hasWildcard(a)) return glob(b).test(a);
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    // Both are patterns: walk both at once, a `*` on either side absorbing what the other holds (memoised, O(|a|·|b|)).
    const seen = new Uint8Array((x.length + 1) * (y.length + 1));
    const meet = (i: number, j: number): boolean => {
        const cell = i * (y.length + 1) + j;
        if (seen[cell]) return false;
        seen[cell] = 1;
        if (i === x.length && j === y.length) return true;
        if (x[i] === "*") return meet(i + 1, j) || (j < y.length && meet(i, j + 1));
        if (y[j] === "*") return meet(i, j + 1) || (i < x.length && meet(i + 1, j));
        if (i === x.length || j === y.length) return false;
        return (x[i] === "?" || y[j] === "?" || x[i] === y[j]) && meet(i + 1, j + 1);
    };
    return meet(0, 0);
}

/** The first of a statement's Action (or every action but its NotAction) that may name `action`; undefined when none does. */
export function actionCovers(statement: Record<string, unknown>, action: string): boolean {
    if (statement.Action !== undefined) return asStrings(statement.Action).some((pattern) => overlaps(pattern, action));
    if (statement.NotAction !== undefined) return !asStrings(statement.NotAction).some((pattern) => glob(pattern).test(action));
    return false;
}

/** Whether a statement's Resource (or NotResource) may include `resource`. A statement with neither (a trust policy) covers its own resource. */
export function resourceCovers(statement: Record<string, unknown>, resource: string): boolean {
    if (statement.Resource !== undefined) return asStrings(statement.Resource).some((pattern) => overlaps(pattern, resource));
    if (statement.NotResource !== undefined) return !asStrings(statement.NotResource).some((pattern) => glob(pattern).test(resource));
    return true;
}

/** Whether an Allow's Action (or NotAction) includes all of `action`, a name or a pattern: what a boundary must do for each need. */
export function actionIncludes(statement: Record<string, unknown>, action: string): boolean {
    if (statement.Action !== undefined) return asStrings(statement.Action).some((pattern) => glob(pattern).test(action));
    if (statement.NotAction !== undefined) return !asStrings(statement.NotAction).some((pattern) => overlaps(pattern, action));
    return false;
}

/** Whether an Allow's Resource (or NotResource) includes all of `resource`. */
export function resourceIncludes(statement: Record<string, unknown>, resource: string): boolean {
    if (statement.Resource !== undefined) return asStrings(statement.Resource).some((pattern) => glob(pattern).test(resource));
    if (statement.NotResource !== undefined) return !asStrings(statement.NotResource).some((pattern) => overlaps(pattern, resource));
    return false;
}

/**
 * What a permissions boundary set on a Redis principal stops it from: the
 * first need no Allow of the boundary includes (or includes only under a
 * condition it cannot decide), or that a Deny of it stops. Undefined when the
 * boundary allows everything Redis's documents allow.
 */
export function boundaryGap(statements: readonly unknown[], principal: RedisPrincipal, regions?: readonly string[]): Lockout | undefined {
    const records = statements.filter(isRecord);
    for (const statement of records) {
        const [denied] = lockoutsOf(statement, "scp", regions, [principal]);
        if (denied) return denied;
    }
    for (const need of principal.needs) {
        let undecided: string[] | undefined;
        let allowed = false;
        for (const statement of records) {
            if (statement.Effect !== "Allow" || !actionIncludes(statement, need.action) || !resourceIncludes(statement, need.resource))
                continue;
            const keys = new Set<string>();
            const verdict = conditionsHold(statement, principal, need, regions, keys);
            if (verdict === true) {
                allowed = true;
                break;
            }
            if (verdict === "undecided") undecided ??= [...keys];
        }
        if (!allowed) return { principal, need, undecided: undecided ?? [] };
    }
    return undefined;
}

/** A principal of the customer's own, neither Redis's nor singled out: what "principals in general" look like to a condition. */
const ORDINARY_PRINCIPAL: RedisPrincipal = {
    id: "user",
    label: "an ordinary principal",
    account: "customer",
    principalArn: "arn:aws:iam::*:role/an-ordinary-role",
    principalArns: ["arn:aws:iam::*:role/an-ordinary-role"],
    principalType: "AssumedRole",
    needs: [],
};

/** `aws:PrincipalAccount`: the customer's own (whatever 12 digits but Redis's it writes) or Redis Cloud's. */
const accountOf = (principal: RedisPrincipal) => (principal.account === "redis" ? REDIS_CLOUD_ACCOUNT_ID : OWN);

/**
 * Whether an ARN a statement writes (with the customer's account, any
 * account, or Redis's) names this principal. A 12-digit account other than
 * Redis's is read as the customer's own: the pack cannot know the account it
 * runs in, and a stack writes its own account.
 */
function arnNames(pattern: string, principal: RedisPrincipal): boolean {
    const parts = pattern.split(":");
    if (parts.length < 6) return false;
    const account = parts[4];
    if (principal.account === "redis" ? !glob(account).test(REDIS_CLOUD_ACCOUNT_ID) : account === REDIS_CLOUD_ACCOUNT_ID) return false;
    // The account root stands for every principal of the account.
    if (/^arn:[^:]*:iam::[^:]*:root$/i.test(pattern)) return true;
    const normalized = principal.account === "redis" ? pattern : [...parts.slice(0, 4), "*", ...parts.slice(5)].join(":");
    return principal.principalArns.some((arn) => overlaps(normalized, arn));
}

/** Whether a `Principal` value names this principal: `*`, its account, or one of its ARNs. */
function principalValueNames(value: string, principal: RedisPrincipal): boolean {
    if (value === "*") return true;
    if (/^\d{12}$/.test(value)) return principal.account === "redis" ? value === REDIS_CLOUD_ACCOUNT_ID : value !== REDIS_CLOUD_ACCOUNT_ID;
    return value.startsWith("arn:") && arnNames(value, principal);
}

/** Whether a statement's Principal (or NotPrincipal) element covers this principal; `absent` says what a statement without one does. */
export function principalCovers(statement: Record<string, unknown>, principal: RedisPrincipal, absent: boolean): boolean {
    const named = (element: unknown) => {
        if (element === "*") return true;
        return isRecord(element) && asStrings(element.AWS).some((value) => principalValueNames(value, principal));
    };
    if (statement.Principal !== undefined) return named(statement.Principal);
    if (statement.NotPrincipal !== undefined) return !named(statement.NotPrincipal);
    return absent;
}

/** Whether a statement's Principal is everyone (`*` or `{"AWS": "*"}`). */
export const principalIsEveryone = (statement: Record<string, unknown>): boolean =>
    statement.Principal === "*" || (isRecord(statement.Principal) && asStrings(statement.Principal.AWS).includes("*"));

/** Values the pack cannot spell: the customer's own account or organisation, another organisation, Redis's networks. */
const OWN = "\0own";
const OTHER = "\0other";
const REDIS_NETWORK = "\0redis-network";

/** What a condition key holds in a request of Redis's: possible values, absent, or unknown at preview (with why). */
type KeyValue = { values: readonly string[]; multi?: boolean } | { absent: true } | { undecided: string };

const PRINCIPAL_KEYS = new Set(["aws:principalarn", "aws:principalaccount", "aws:userid", "aws:username", "aws:principaltype"]);

/**
 * Keys whose value for Redis the model knows, or knows it cannot know. Each
 * entry is an assumption about Redis's requests, with its reason.
 */
function keyValue(key: string, principal: RedisPrincipal, need: RedisNeed, regions: readonly string[] | undefined): KeyValue {
    const lower = key.toLowerCase();
    const service = need.action.slice(0, need.action.indexOf(":")).toLowerCase();
    switch (lower) {
        case "aws:principalarn":
            return { values: [principal.principalArn] };
        case "aws:principalaccount":
            return { values: [accountOf(principal)] };
        // Redis's in-account principals are in the customer's organisation; Redis Cloud's account is in none of the customer's.
        case "aws:principalorgid":
        case "aws:principalorgpaths":
        case "aws:resourceorgid":
        case "aws:resourceorgpaths":
        case "aws:resourceaccount":
            return principal.account === "customer" || lower.startsWith("aws:resource") ? { values: [OWN] } : { values: [OTHER] };
        case "aws:principalisawsservice":
            return { values: ["false"] };
        case "aws:principaltype":
            return { values: [principal.principalType] };
        case "aws:username":
            return principal.username ? { values: [principal.username] } : { absent: true };
        case "aws:userid":
            return { undecided: "aws:userid (Redis's principal IDs are not known at preview)" };
        case "aws:requestedregion":
            if (!regions) return { undecided: "aws:RequestedRegion (set this policy's `regions` to the regions Redis runs in)" };
            // IAM and STS's global endpoint sign for us-east-1.
            return { values: service === "iam" || service === "sts" ? ["us-east-1"] : regions };
        // Redis calls AWS from its own control plane and nodes: from no address, VPC or endpoint the customer lists.
        case "aws:sourceip":
        case "aws:vpcsourceip":
        case "aws:sourcevpc":
        case "aws:sourcevpce":
            return { values: [REDIS_NETWORK] };
        case "aws:viaawsservice":
            // EBS calls KMS for Redis's volumes; everything else Redis calls directly.
            return { values: service === "kms" ? ["true", "false"] : ["false"] };
        case "aws:calledvia":
        case "aws:calledviafirst":
        case "aws:calledvialast":
            return service === "kms" ? { undecided: shownKey(key) } : { absent: true };
        case "aws:securetransport":
            return { values: ["true"] };
        case "aws:multifactorauthpresent":
            // Redis Cloud assumes the console role with MFA (the trust requires it); the user signs with an access key.
            return principal.id === "redisCloudAccount" || principal.id === "consoleRole" ? { values: ["true"] } : { absent: true };
        case "iam:passedtoservice":
            return { values: ["ec2.amazonaws.com"] };
        case "kms:grantisforawsresource":
            return { values: ["true"] };
        case "ec2:instanceprofile":
            return { values: [REDIS_INSTANCE_PROFILE_ARN] };
        case "aws:tagkeys":
            // Redis writes its own tag key; any other tag it applies is one the customer chose for its subscription.
            return { values: [REDIS_TAG_KEY], multi: true };
    }
    const tag = /^(aws|ec2):(resourcetag|requesttag)\/(.+)$/.exec(lower);
    if (tag && tag[3] === REDIS_TAG_KEY.toLowerCase()) return { values: [REDIS_TAG_VALUE] };
    return ownConditionValues(lower, need) ?? { undecided: shownKey(key) };
}

/** Operators under which Redis's own condition says what the key holds in its requests. */
const STATING_OPERATORS = new Set(["stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike", "bool"]);

/** What Redis's own statement for this need requires of a key: its requests carry such a value (`iam:AWSServiceName` on its service-linked role). */
function ownConditionValues(lowerKey: string, need: RedisNeed): KeyValue | undefined {
    for (const [operator, keys] of Object.entries(need.condition ?? {})) {
        if (!STATING_OPERATORS.has(operator.toLowerCase()) || !isRecord(keys)) continue;
        const entry = Object.entries(keys).find(([key]) => key.toLowerCase() === lowerKey);
        if (entry) return { values: asStrings(entry[1]) };
    }
    return undefined;
}

/** `${...}` policy variables make a value depend on the request. */
const hasVariable = (value: string) => value.includes("${");

/** Whether one request value matches one statement value under an operator's base. */
function valueMatches(base: string, actual: string, written: string): boolean | "undecided" {
    if (hasVariable(written)) return "undecided";
    // The customer's own account or organisation is whatever it writes, except Redis's account; another organisation matches only `*`.
    if (actual === OWN) return written !== REDIS_CLOUD_ACCOUNT_ID;
    if (actual === OTHER) return written === "*";
    if (actual === REDIS_NETWORK) return written === "*" || written === "0.0.0.0/0" || written === "::/0";
    switch (base) {
        case "stringequals":
            // An ARN of Redis's with `*` for the customer's account equals what the customer writes with its own.
            return actual === written || (actual.includes("*") && glob(actual, false).test(written));
        case "stringequalsignorecase":
            return actual.toLowerCase() === written.toLowerCase();
        case "stringlike":
            return glob(written, false).test(actual) || (actual.includes("*") && overlaps(written, actual));
        case "arnequals":
        case "arnlike": {
            if (!written.startsWith("arn:") && written !== "*") return false;
            if (written === "*") return true;
            const parts = written.split(":");
            const account = parts[4] ?? "";
            // The customer's own account ID (any 12 digits but Redis's) stands for the account the pack runs in.
            const normalized =
                /^\d{12}$/.test(account) && account !== REDIS_CLOUD_ACCOUNT_ID
                    ? [...parts.slice(0, 4), "*", ...parts.slice(5)].join(":")
                    : written;
            return overlaps(normalized, actual);
        }
        case "bool":
            return actual.toLowerCase() === written.toLowerCase();
        case "ipaddress":
            return false;
        default:
            return "undecided";
    }
}

const NEGATED: Readonly<Record<string, string>> = {
    stringnotequals: "stringequals",
    stringnotequalsignorecase: "stringequalsignorecase",
    stringnotlike: "stringlike",
    arnnotequals: "arnequals",
    arnnotlike: "arnlike",
    notipaddress: "ipaddress",
};

/** One operator on one key, for one request of Redis's. */
function conditionHolds(operator: string, key: string, written: string[], value: KeyValue): Verdict {
    if ("undecided" in value) return "undecided";
    let op = operator.toLowerCase();
    const set = op.startsWith("forallvalues:") ? "all" : op.startsWith("foranyvalue:") ? "any" : undefined;
    if (set) op = op.slice(op.indexOf(":") + 1);
    const ifExists = op.endsWith("ifexists");
    if (ifExists) op = op.slice(0, -"ifexists".length);
    if (op === "null") {
        const wantsAbsent = written.some((w) => w.toLowerCase() === "true");
        return "absent" in value ? wantsAbsent : !wantsAbsent || written.some((w) => w.toLowerCase() === "false");
    }
    const negatedBase = NEGATED[op];
    if ("absent" in value) {
        if (ifExists || set === "all") return true;
        if (set === "any") return false;
        return negatedBase !== undefined;
    }
    const base = negatedBase ?? op;
    const matchesAny = (actual: string): Verdict => {
        let undecided = false;
        for (const w of written) {
            const m = valueMatches(base, actual, w);
            if (m === true) return true;
            if (m === "undecided") undecided = true;
        }
        return undecided ? "undecided" : false;
    };
    const per = value.values.map((actual): Verdict => {
        const m = matchesAny(actual);
        return m === "undecided" ? m : negatedBase ? !m : m;
    });
    // A multi-valued key in one request: every value (ForAllValues) or any; a single-valued key: any of Redis's requests.
    if (set === "all" && value.multi) return per.includes(false) ? false : per.includes("undecided") ? "undecided" : true;
    return per.includes(true) ? true : per.includes("undecided") ? "undecided" : false;
}

/**
 * A condition key or operator as a message may show it: AWS's names are
 * shown, a tag key after `/` (the customer's data) never is.
 */
export function shownKey(key: string): string {
    const named = /^([A-Za-z0-9-]+:[A-Za-z0-9]+)(\/)?/.exec(key);
    if (!named) return "a condition key";
    return named[2] ? `${named[1]}/…` : named[1];
}

/** A statement's condition for one request: holds, does not, or undecided with the keys that could not be decided. */
export function conditionsHold(
    statement: Record<string, unknown>,
    principal: RedisPrincipal,
    need: RedisNeed,
    regions: readonly string[] | undefined,
    undecidedKeys: Set<string>,
): Verdict {
    const condition = statement.Condition;
    if (!isRecord(condition)) return true;
    let result: Verdict = true;
    for (const [operator, keys] of Object.entries(condition)) {
        if (!isRecord(keys)) {
            undecidedKeys.add(shownKey(operator));
            result = "undecided";
            continue;
        }
        for (const [key, written] of Object.entries(keys)) {
            const value = keyValue(key, principal, need, regions);
            const verdict = conditionHolds(operator, key, asStrings(written), value);
            if (verdict === false) return false;
            if (verdict === "undecided") {
                undecidedKeys.add("undecided" in value ? value.undecided : `${shownKey(operator)} on ${shownKey(key)}`);
                result = "undecided";
            }
        }
    }
    return result;
}

/** Which of Redis's principals a Deny of this scope binds, by the scope alone. */
const boundByScope = (scope: DocumentScope, principal: RedisPrincipal) => scope !== "scp" || principal.account === "customer";

/** A Deny that stops a Redis principal from an action its documents allow. */
export interface Lockout {
    principal: RedisPrincipal;
    need: RedisNeed;
    /** The condition keys that could not be decided: empty when the Deny certainly applies. */
    undecided: string[];
}

/**
 * Each Redis principal that a Deny statement stops from something it needs,
 * with the first such need; none when the statement exempts them, or denies
 * only what Redis never does.
 */
export function lockoutsOf(
    statement: Record<string, unknown>,
    scope: DocumentScope,
    regions?: readonly string[],
    principals: readonly RedisPrincipal[] = REDIS_PRINCIPALS,
): Lockout[] {
    if (statement.Effect !== "Deny") return [];
    const found: Lockout[] = [];
    for (const principal of principals) {
        if (!boundByScope(scope, principal) || !principalCovers(statement, principal, scope === "scp")) continue;
        let undecidedLockout: Lockout | undefined;
        for (const need of principal.needs) {
            if (scope === "rcp" && !RCP_SERVICES.has(need.action.slice(0, need.action.indexOf(":")).toLowerCase())) continue;
            if (!actionCovers(statement, need.action) || !resourceCovers(statement, need.resource)) continue;
            const undecided = new Set<string>();
            const verdict = conditionsHold(statement, principal, need, regions, undecided);
            if (verdict === true) {
                undecidedLockout = undefined;
                found.push({ principal, need, undecided: [] });
                break;
            }
            if (verdict === "undecided") undecidedLockout ??= { principal, need, undecided: [...undecided] };
        }
        if (undecidedLockout) found.push(undecidedLockout);
    }
    return found;
}

/**
 * Whether a Deny statement's condition keeps these Redis principals out of it
 * on every action they need: the one notion of "exempts Redis" that the
 * reviewed uses (lib/reference-uses.ts) and the lockout policy share.
 */
export function exemptsRedisPrincipals(
    statement: Record<string, unknown>,
    ids: readonly RedisPrincipalId[] = ["user", "nodeRole", "consoleRole"],
): boolean {
    return REDIS_PRINCIPALS.filter((principal) => ids.includes(principal.id)).every((principal) => {
        const need: RedisNeed = { action: "*", resource: "*", source: "any request" };
        return conditionsHold(statement, principal, need, undefined, new Set()) === false;
    });
}

/**
 * The Redis principal an Allow with Principal `*` singles out by a principal
 * condition (`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:username`...):
 * one the condition lets in while it keeps principals in general out.
 */
export function redisSingledOut(statement: Record<string, unknown>): RedisPrincipal | undefined {
    if (statement.Effect !== "Allow" || !principalIsEveryone(statement) || !isRecord(statement.Condition)) return undefined;
    const principalOnly: Record<string, Record<string, unknown>> = {};
    for (const [operator, keys] of Object.entries(statement.Condition)) {
        if (!isRecord(keys)) continue;
        for (const [key, value] of Object.entries(keys)) {
            if (PRINCIPAL_KEYS.has(key.toLowerCase())) (principalOnly[operator] ??= {})[key] = value;
        }
    }
    if (Object.keys(principalOnly).length === 0) return undefined;
    const narrowed = { Condition: principalOnly };
    const need: RedisNeed = { action: "*", resource: "*", source: "any request" };
    const admits = (principal: RedisPrincipal) => conditionsHold(narrowed, principal, need, undefined, new Set()) !== false;
    if (admits(ORDINARY_PRINCIPAL)) return undefined;
    return REDIS_PRINCIPALS.find(admits);
}

/** Whether an Allow's condition on `ec2:InstanceProfile` names Redis's instance profile (not every profile). */
export function conditionNamesRedisInstanceProfile(statement: Record<string, unknown>): boolean {
    if (!isRecord(statement.Condition)) return false;
    return Object.entries(statement.Condition).some(
        ([operator, keys]) =>
            !/not/i.test(operator) &&
            isRecord(keys) &&
            Object.entries(keys).some(
                ([key, value]) =>
                    key.toLowerCase() === "ec2:instanceprofile" &&
                    asStrings(value).some((written) => {
                        const name = written.slice(written.lastIndexOf("/") + 1);
                        return !/^[*?]*$/.test(name) && overlaps(written, REDIS_INSTANCE_PROFILE_ARN.replace("::*:", "::123456789012:"));
                    }),
            ),
    );
}
