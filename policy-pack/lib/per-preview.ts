/**
 * What the pack says once per preview. A pack process serves one stack's
 * preview (the CLI starts one per preview), and its stack policies run last,
 * once: redis-guard-exceptions, the last of them, starts the next preview.
 */
import type { ReportViolation } from "@pulumi/policy";
import { forgetSharedScans } from "./shared-scan";

const said = new Set<string>();

/** Whether `key` is new in this preview (and from now on, not). */
export function firstTimeThisPreview(key: string): boolean {
    if (said.has(key)) return false;
    said.add(key);
    return true;
}

/** What one resource's analysis told a later one, in this preview, by topic. */
const noted = new Map<string, Set<string>>();

/** Remembers `value` under `topic` for the rest of this preview. */
export function noteThisPreview(topic: string, value: string): void {
    let values = noted.get(topic);
    if (!values) noted.set(topic, (values = new Set()));
    values.add(value);
}

/** What was noted under `topic` so far in this preview. */
export const notedThisPreview = (topic: string): ReadonlySet<string> => noted.get(topic) ?? new Set();

/** Forgets what was said and noted, for the next preview served by the same process. */
export function startNextPreview(): void {
    said.clear();
    noted.clear();
    forgetSharedScans();
}

/**
 * Reports at advisory level whatever the policy's configured level, through
 * the SDK's object form of reportViolation, which carries a level per
 * violation: for what informs and must never block (`"all": "mandatory"` sets
 * every policy's level).
 */
export function reportAdvisory(reportViolation: ReportViolation, message: string, urn?: string): void {
    (reportViolation as unknown as (violation: { message: string; enforcementLevel: string; urn?: string }) => void)({
        message,
        enforcementLevel: "advisory",
        ...(urn ? { urn } : {}),
    });
}
