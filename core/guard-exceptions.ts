/**
 * Reviewed exceptions to the guard pack's policies, as pure logic: the shape
 * of an entry in a policy's `exceptions` config, its checks, and which
 * resource it names. The pack applies them (policy-pack/lib/exceptions.ts); the
 * plan and guard-report read the same rules. See docs/guard-pack.md.
 *
 * An exception waives one policy's violations on one resource, for a reason,
 * until a date. It lives in that policy's own config, because a policy group
 * in Pulumi Cloud configures a pack only per policy.
 */
import { closestName, isRecord } from "./values";

/** The settings of one exception, each with what it holds. */
export const EXCEPTION_SETTINGS = {
    urn: "the resource's URN, as `pulumi stack --show-urns` prints it",
    stack: "the stack's name (with type and name, instead of urn)",
    project: "the project's name (optional, with stack)",
    type: "the resource's type token, e.g. aws:ec2/securityGroupRule:SecurityGroupRule (with stack)",
    name: "the resource's name in the program (with stack)",
    reason: "why the violation is harmless, as the reviewer approved it (at least 20 characters)",
    expires: "the last day it applies, YYYY-MM-DD, at most 366 days from today",
} as const;
type ExceptionSetting = keyof typeof EXCEPTION_SETTINGS;
const SETTING_NAMES = Object.keys(EXCEPTION_SETTINGS) as ExceptionSetting[];

/** Exceptions are reviewed at least yearly. */
export const MAX_EXCEPTION_DAYS = 366;
export const MIN_REASON_LENGTH = 20;

/** The JSON schema of a policy's `exceptions` setting, for its configSchema (the CLI checks types and required fields). */
export const EXCEPTIONS_CONFIG_SCHEMA = {
    type: "array",
    default: [],
    description:
        "Reviewed exceptions: each waives this policy's violations on one resource (urn, or stack + type + name) for a reason until a date (expires, YYYY-MM-DD). Never for Redis's own IAM resources.",
    items: {
        type: "object",
        properties: Object.fromEntries(
            SETTING_NAMES.map((setting) => [
                setting,
                {
                    type: "string",
                    description: EXCEPTION_SETTINGS[setting],
                    ...(setting === "reason" ? { minLength: MIN_REASON_LENGTH } : {}),
                    ...(setting === "expires" ? { pattern: "^\\d{4}-\\d{2}-\\d{2}$" } : {}),
                    ...(setting === "urn" ? { pattern: "^urn:pulumi:" } : {}),
                },
            ]),
        ),
        required: ["reason", "expires"],
        additionalProperties: false,
    },
} as const;

/** A checked exception of one policy. */
export interface GuardException {
    policy: string;
    /** Its position in the policy's `exceptions` list, for messages. */
    index: number;
    /** What it names, as a reader would write it. */
    target: string;
    reason: string;
    /** The last day it applies (UTC), YYYY-MM-DD. */
    expires: string;
    urn?: string;
    stack?: string;
    project?: string;
    type?: string;
    name?: string;
}

/** The parts of a Pulumi URN: `urn:pulumi:<stack>::<project>::<parent types$>type::<name>`. */
export interface UrnParts {
    stack: string;
    project: string;
    /** The resource's own type (the last of the `$`-joined chain). */
    type: string;
    /** Every type of the chain, parents first. */
    typeChain: string[];
    name: string;
}

export function parseUrn(urn: string): UrnParts | undefined {
    const match = /^urn:pulumi:([^:]*)::([^:]*)::(.*?)::(.*)$/.exec(urn);
    if (!match) return undefined;
    const typeChain = match[3].split("$");
    return { stack: match[1], project: match[2], type: typeChain[typeChain.length - 1], typeChain, name: match[4] };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A real calendar date as a UTC day number, or undefined. */
function dayOf(text: string): number | undefined {
    const match = DATE.exec(text);
    if (!match) return undefined;
    const [year, month, day] = match.slice(1).map(Number);
    const time = Date.UTC(year, month - 1, day);
    const date = new Date(time);
    return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? time / 86_400_000 : undefined;
}
const today = (now: Date) => Math.floor(now.getTime() / 86_400_000);

/** Whether an exception has passed its last day. */
export const isExpired = (exception: GuardException, now: Date): boolean => (dayOf(exception.expires) ?? -Infinity) < today(now);

/** Whether the exception names the resource with this URN. */
export function exceptionMatches(exception: GuardException, urn: string): boolean {
    if (exception.urn !== undefined) return exception.urn === urn;
    const parts = parseUrn(urn);
    return (
        parts !== undefined &&
        parts.stack === exception.stack &&
        (exception.project === undefined || parts.project === exception.project) &&
        parts.type === exception.type &&
        parts.name === exception.name
    );
}

/** Whether the exception is about this stack (so that matching nothing in it is worth saying). */
export function exceptionConcernsStack(exception: GuardException, stack: string, project: string): boolean {
    const parts = exception.urn !== undefined ? parseUrn(exception.urn) : undefined;
    const wanted = parts ? { stack: parts.stack, project: parts.project } : { stack: exception.stack, project: exception.project };
    return wanted.stack === stack && (wanted.project === undefined || wanted.project === project);
}

/** Checked exceptions, and one line per problem naming the entry and the setting. */
export interface CheckedExceptions {
    exceptions: GuardException[];
    problems: string[];
}

/** Checks a policy's `exceptions` setting; `now` bounds the expiry date. */
export function checkExceptions(policy: string, configured: unknown, now: Date): CheckedExceptions {
    const where = (index: number) => `${policy} exceptions[${index}]`;
    if (configured === undefined) return { exceptions: [], problems: [] };
    if (!Array.isArray(configured)) return { exceptions: [], problems: [`${policy} exceptions: must be a list of exceptions`] };
    const exceptions: GuardException[] = [];
    const problems: string[] = [];
    configured.forEach((entry: unknown, index) => {
        if (!isRecord(entry)) {
            problems.push(`${where(index)}: must be an object of ${SETTING_NAMES.join(", ")}`);
            return;
        }
        const own: string[] = [];
        for (const key of Object.keys(entry)) {
            if ((SETTING_NAMES as string[]).includes(key)) continue;
            const guess = closestName(key, SETTING_NAMES);
            own.push(
                `"${key}" is not a setting of an exception${guess ? ` (did you mean "${guess}"?)` : ""}; its settings: ${SETTING_NAMES.join(", ")}`,
            );
        }
        for (const key of SETTING_NAMES) {
            if (entry[key] !== undefined && typeof entry[key] !== "string") own.push(`"${key}" must be text: ${EXCEPTION_SETTINGS[key]}`);
        }
        const text = (key: ExceptionSetting) => (typeof entry[key] === "string" ? (entry[key] as string) : undefined);
        const [urn, stack, type, name] = [text("urn"), text("stack"), text("type"), text("name")];
        if (urn !== undefined) {
            if (!parseUrn(urn))
                own.push(`"urn" must be a Pulumi URN (urn:pulumi:<stack>::<project>::<type>::<name>), got ${JSON.stringify(urn)}`);
            if (stack !== undefined || type !== undefined || name !== undefined || text("project") !== undefined)
                own.push(`name the resource by "urn" alone, or by "stack", "type" and "name"`);
        } else if (stack === undefined || type === undefined || name === undefined) {
            own.push(`must name its resource: "urn", or "stack", "type" and "name"`);
        }
        const reason = text("reason")?.trim() ?? "";
        if (reason.length < MIN_REASON_LENGTH)
            own.push(`"reason" must say, in at least ${MIN_REASON_LENGTH} characters, why the violation is harmless`);
        const expires = text("expires");
        const day = expires === undefined ? undefined : dayOf(expires);
        if (day === undefined)
            own.push(`"expires" must be a date, YYYY-MM-DD (the last day it applies), got ${JSON.stringify(entry.expires)}`);
        else if (day > today(now) + MAX_EXCEPTION_DAYS)
            own.push(`"expires" ${expires} is more than ${MAX_EXCEPTION_DAYS} days away: exceptions are reviewed at least yearly`);
        if (own.length) {
            problems.push(...own.map((problem) => `${where(index)}: ${problem}`));
            return;
        }
        const target = urn ?? `${text("project") ? `${text("project")}/` : ""}${stack}: ${type} "${name}"`;
        exceptions.push({ policy, index, target, reason, expires: expires as string, urn, stack, project: text("project"), type, name });
    });
    return { exceptions, problems };
}
