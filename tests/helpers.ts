/** Small helpers shared by the tests. */
import * as fs from "fs";
import * as path from "path";

export const REPO_ROOT = path.resolve(__dirname, "..");
/**
 * Redis's "Create IAM resources using AWS console" page, mid-2025 revision: a
 * copy of shared/reference/ kept in the repository so that a plain clone can
 * run the tests. Where the shared original sits beside the clone (as in CI),
 * a test checks the copy has not drifted from it.
 */
export const SEED_DOC = path.join(REPO_ROOT, "tests", "fixtures", "redis-docs-iam-resources-aws-console.md");
export const SHARED_SEED_DOC = path.resolve(REPO_ROOT, "..", "shared", "reference", "redis-docs-iam-resources-aws-console.md");

/** The JSON policy blocks of Redis's console-steps page, in page order (step 1, then step 3). */
export function seedPolicyBlocks(): unknown[] {
    const text = fs.readFileSync(SEED_DOC, "utf8");
    return [...text.matchAll(/```(?:js|json)\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1]));
}

/** Every string inside a value, however deeply nested. */
export function allStrings(value: unknown): string[] {
    if (typeof value === "string") return [value];
    if (Array.isArray(value)) return value.flatMap(allStrings);
    if (typeof value === "object" && value !== null) return Object.values(value).flatMap(allStrings);
    return [];
}
