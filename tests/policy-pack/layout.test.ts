/**
 * The pack's layout convention, checked: `policies/` holds the registry and one
 * file per policy, named after its id; every policy has its own test file;
 * shared code lives in `lib/`.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { REDIS_GUARD_ALL_POLICIES } from "../../policy-pack/policies";
import { REPO_ROOT } from "../helpers";

const POLICY_IDS = REDIS_GUARD_ALL_POLICIES.map((policy) => policy.name).sort();
const filesIn = (dir: string) => fs.readdirSync(path.join(REPO_ROOT, dir)).sort();

describe("the guard pack's layout", () => {
    it("policy-pack/policies/ holds index.ts and one file per policy, named after its id", () => {
        assert.deepStrictEqual(filesIn("policy-pack/policies"), ["index.ts", ...POLICY_IDS.map((id) => `${id}.ts`)].sort());
    });

    it("tests/policy-pack/policies/ holds one test file per policy, named after its id", () => {
        assert.deepStrictEqual(
            filesIn("tests/policy-pack/policies"),
            POLICY_IDS.map((id) => `${id}.test.ts`),
        );
    });

    it("policy-pack/lib/ holds no policy: shared readers, scanners and tables only", () => {
        for (const file of filesIn("policy-pack/lib")) {
            const source = fs.readFileSync(path.join(REPO_ROOT, "policy-pack/lib", file), "utf8");
            // Every policy states its remediation steps; a wrapper that passes a policy through (lib/exceptions.ts) does not.
            assert.doesNotMatch(source, /\bremediationSteps\s*:/, `${file} defines a policy`);
        }
    });
});
