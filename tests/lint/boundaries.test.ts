/**
 * The import boundaries between the parts are enforced by ESLint (PARTS in
 * eslint.config.mjs), not by comments. Each case lints one line of code as if
 * it stood in the named file, through ESLint's own API and the project's config.
 * The tree itself is held to the same rule by `npm run lint`, the first step of `npm test`.
 */
import * as assert from "assert";
import * as path from "path";
import { ESLint } from "eslint";
import { REPO_ROOT } from "../helpers";

interface Case {
    file: string;
    code: string;
    /** A fragment of the boundary error expected, or undefined when the import is allowed. */
    refused?: string;
}

const CASES: Case[] = [
    // The dependency-free core loads no Pulumi or AWS, and reaches no other part.
    { file: "core/x.ts", code: 'import * as pulumi from "@pulumi/pulumi";', refused: 'core may not import the package "@pulumi/pulumi"' },
    { file: "core/x.ts", code: 'import type * as iam from "@pulumi/aws/iam";', refused: 'core may not import the package "@pulumi/aws"' },
    { file: "core/x.ts", code: 'import { IAMClient } from "@aws-sdk/client-iam";', refused: "core may not import" },
    { file: "core/x.ts", code: 'import * as fs from "fs";', refused: 'core may not import the package "node"' },
    {
        file: "core/x.ts",
        code: 'import { RedisCloudIam } from "../components/redis-cloud-iam";',
        refused: "core may not import components",
    },
    { file: "core/x.ts", code: 'import { REDIS_IAM_NAMES } from "./redis-documents";' },
    // The pack imports only the core and @pulumi/policy.
    { file: "policy-pack/policies/x.ts", code: 'import { REDIS_TAG_KEY } from "../../core/redis-documents";' },
    { file: "policy-pack/policies/x.ts", code: 'import { ResourceValidationPolicy } from "@pulumi/policy";' },
    {
        file: "policy-pack/policies/x.ts",
        code: 'import * as aws from "@pulumi/aws";',
        refused: 'policy-pack may not import the package "@pulumi/aws"',
    },
    {
        file: "policy-pack/policies/x.ts",
        code: 'import * as pulumi from "@pulumi/pulumi";',
        refused: "policy-pack may not import the package",
    },
    {
        file: "policy-pack/x.ts",
        code: 'import { validateTags } from "../components/validation";',
        refused: "policy-pack may not import components",
    },
    { file: "policy-pack/x.ts", code: 'const plan = require("../plan/mock-engine");', refused: "policy-pack may not import plan" },
    // Live discovery loads AWS's SDK; the pack reaches it only lazily, so a pack without `discover` never loads the SDK.
    { file: "policy-pack/discovery/x.ts", code: 'import { EC2Client } from "@aws-sdk/client-ec2";' },
    { file: "policy-pack/discovery/x.ts", code: 'import { discoveredRedisIds } from "../../core/redis-discovery";' },
    {
        file: "policy-pack/discovery/x.ts",
        code: 'import { PolicyPack } from "@pulumi/policy";',
        refused: 'policy-pack/discovery may not import the package "@pulumi/policy"',
    },
    {
        file: "policy-pack/discovery/x.ts",
        code: 'import { guarded } from "../lib/guarded";',
        refused: "policy-pack/discovery may not import policy-pack",
    },
    {
        file: "policy-pack/policies/x.ts",
        code: 'import { EC2Client } from "@aws-sdk/client-ec2";',
        refused: 'policy-pack may not import the package "@aws-sdk/client-ec2"',
    },
    {
        file: "policy-pack/lib/x.ts",
        code: 'import { discoverRedisIds } from "../discovery/discover";',
        refused: 'policy-pack may import policy-pack/discovery ("../discovery/discover") only with a dynamic import()',
    },
    { file: "policy-pack/lib/x.ts", code: 'const discovery = import("../discovery/discover");' },
    { file: "policy-pack/lib/x.ts", code: 'import type { DiscoveryOutcome } from "../discovery/discover";' },
    { file: "audit/x.ts", code: 'import { discoverRedisIds } from "../policy-pack/discovery/discover";' },
    { file: "audit/x.ts", code: 'import { guarded } from "../policy-pack/lib/guarded";', refused: "audit may not import policy-pack" },
    // Product code never imports tests, however it is written.
    { file: "plan/x.ts", code: 'import { REPO_ROOT } from "../tests/helpers";', refused: "plan may not import tests" },
    { file: "components/x.ts", code: 'export { REPO_ROOT } from "../tests/helpers";', refused: "components may not import tests" },
    { file: "audit/x.ts", code: 'const helpers = import("../tests/helpers");', refused: "audit may not import tests" },
    { file: "index.ts", code: 'import { REPO_ROOT } from "./tests/helpers";', refused: "program may not import tests" },
    { file: "bench/x.ts", code: 'const p = require.resolve("../tests/harness/pulumi-cli");', refused: "bench may not import tests" },
    // The audit loads AWS's SDK, never Pulumi.
    { file: "audit/x.ts", code: 'import { IAMClient } from "@aws-sdk/client-iam";' },
    { file: "audit/x.ts", code: 'import * as pulumi from "@pulumi/pulumi";', refused: 'audit may not import the package "@pulumi/pulumi"' },
    // The program and the components.
    { file: "index.ts", code: 'import { RedisCloudIam } from "./components";' },
    { file: "components/x.ts", code: 'import * as iam from "@pulumi/aws/iam";' },
    { file: "components/x.ts", code: 'import { auditAccount } from "../audit/findings";', refused: "components may not import audit" },
    // Tests reach everything.
    { file: "tests/x/x.test.ts", code: 'import { plan } from "../../plan/plan";' },
    // A folder nobody listed is a part nobody reviewed.
    { file: "newpart/x.ts", code: 'import * as fs from "fs";', refused: 'folder "newpart" is not a part listed in eslint.config.mjs' },
];

describe("import boundaries (eslint.config.mjs, rule boundaries/parts)", function () {
    this.timeout(60_000);
    const eslint = new ESLint({ cwd: REPO_ROOT });

    const boundaryErrors = async (file: string, code: string) => {
        const [result] = await eslint.lintText(`${code}\nvoid 0;\n`, { filePath: path.join(REPO_ROOT, file) });
        return result.messages.filter((message) => message.ruleId === "boundaries/parts").map((message) => message.message);
    };

    for (const { file, code, refused } of CASES) {
        it(`${refused ? "refuses" : "allows"} in ${file}: ${code}`, async () => {
            const errors = await boundaryErrors(file, code);
            if (refused) {
                assert.strictEqual(errors.length, 1, `expected one boundary error, got ${JSON.stringify(errors)}`);
                assert.ok(errors[0].includes(refused), `"${errors[0]}" should say "${refused}"`);
            } else {
                assert.deepStrictEqual(errors, []);
            }
        });
    }
});
