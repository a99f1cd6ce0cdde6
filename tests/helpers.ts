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

/** A syntactically valid base64 OpenPGP public-key packet (old-format tag 6), for args that take a PGP key. */
export const TEST_PGP_PUBLIC_KEY = Buffer.concat([Buffer.from([0x99, 0x01, 0x0d]), Buffer.alloc(80, 7)]).toString("base64");
