/**
 * The `discover` command's input checks and its policy printout, without AWS;
 * its reading runs against moto (tests/aws/discovery.test.ts).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { runDiscover } from "../../audit/discover-cli";
import { DISCOVERY_READ_ONLY_POLICY } from "../../core/redis-discovery";
import { REPO_ROOT } from "../helpers";

async function run(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runDiscover(
        argv,
        (t) => out.push(t),
        (t) => err.push(t),
    );
    return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

describe("redis-cloud-byoc-aws discover: its input", () => {
    it("prints the least-privilege policy with --print-policy, and exits 0", async () => {
        const { code, stdout } = await run("discover", "--print-policy");
        assert.strictEqual(code, 0);
        assert.deepStrictEqual(JSON.parse(stdout), DISCOVERY_READ_ONLY_POLICY);
    });

    it("prints its usage with --help or -h, and exits 0", async () => {
        for (const flag of ["--help", "-h"]) {
            const { code, stdout, stderr } = await run("discover", flag);
            assert.strictEqual(code, 0);
            assert.match(stdout, /^usage: redis-cloud-byoc-aws discover --regions /);
            assert.strictEqual(stderr, "");
        }
    });

    it("prints the policy exactly as the operator's guide shows it", () => {
        const guide = fs.readFileSync(path.join(REPO_ROOT, "docs", "guard-pack.md"), "utf8");
        assert.ok(
            guide.includes(JSON.stringify(DISCOVERY_READ_ONLY_POLICY, null, 2)),
            "docs/guard-pack.md's discovery policy is out of date: paste `npm run -s discover -- --print-policy`",
        );
    });

    const BAD: Array<[string, string[], RegExp]> = [
        ["no regions", [], /^discover: --regions: is required/],
        [
            "a misspelt region, by the flag",
            ["--regions", "us-east-1,us-eest-1"],
            /^discover: --regions\[1\]: must be AWS region names such as us-east-1 \("us-eest-1"\)/,
        ],
        [
            "a user ARN as the role",
            ["--regions", "us-east-1", "--role-arn", "arn:aws:iam::123456789012:user/x"],
            /^discover: --role-arn: must be an IAM role ARN/,
        ],
        [
            "a deadline that is not a number",
            ["--regions", "us-east-1", "--call-timeout-ms", "soon"],
            /^discover: --call-timeout-ms: must be a whole number from 100 to 60000/,
        ],
        ["an unknown flag", ["--region", "us-east-1"], /^discover: unknown argument "--region"/],
        ["a flag without its value", ["--regions"], /^discover: --regions needs a value/],
    ];
    for (const [title, argv, expected] of BAD) {
        it(`exits 2 on ${title}, naming it, with the usage`, async () => {
            const { code, stdout, stderr } = await run(...argv);
            assert.strictEqual(code, 2);
            assert.strictEqual(stdout, "");
            assert.match(stderr, expected);
            assert.match(stderr, /usage: redis-cloud-byoc-aws discover --regions/);
        });
    }
});
