/**
 * Decommissioning: exactly the components' protected children are unprotected,
 * nothing else a stack protects.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import { StackExportError, protectedComponentChildren } from "../../core/decommission";
import { REDIS_CLOUD_IAM_TYPE, REDIS_MANAGED_GUARDRAIL_TYPE } from "../../core/type-tokens";
import { runProtectedChildren } from "../../audit/protected-children-cli";
import { REPO_ROOT } from "../helpers";

const urn = (types: string, name: string) => `urn:pulumi:prod::app::${types}::${name}`;
const STACK = urn("pulumi:pulumi:Stack", "app-prod");
const IAM = urn(REDIS_CLOUD_IAM_TYPE, "redis-cloud");
const GUARDRAIL = urn(REDIS_MANAGED_GUARDRAIL_TYPE, "guardrail");

/** A program with more than Redis's: a protected database and a protected component of its own. */
const EXPORT = {
    version: 3,
    deployment: {
        resources: [
            { urn: STACK, type: "pulumi:pulumi:Stack" },
            { urn: IAM, type: REDIS_CLOUD_IAM_TYPE, parent: STACK },
            {
                urn: urn(`${REDIS_CLOUD_IAM_TYPE}$aws:iam/role:Role`, "redis-cloud-node-role"),
                type: "aws:iam/role:Role",
                parent: IAM,
                protect: true,
            },
            {
                urn: urn(`${REDIS_CLOUD_IAM_TYPE}$aws:iam/user:User`, "redis-cloud-user"),
                type: "aws:iam/user:User",
                parent: IAM,
                protect: true,
            },
            // The retiring key is not protected: nothing to do for it.
            {
                urn: urn(`${REDIS_CLOUD_IAM_TYPE}$aws:iam/accessKey:AccessKey`, "redis-cloud-access-key-1"),
                type: "aws:iam/accessKey:AccessKey",
                parent: IAM,
            },
            { urn: urn("aws:rds/instance:Instance", "orders-db"), type: "aws:rds/instance:Instance", parent: STACK, protect: true },
            { urn: urn("my:index:Network", "net"), type: "my:index:Network", parent: STACK },
            {
                urn: urn("my:index:Network$aws:ec2/vpc:Vpc", "net-vpc"),
                type: "aws:ec2/vpc:Vpc",
                parent: urn("my:index:Network", "net"),
                protect: true,
            },
            { urn: GUARDRAIL, type: REDIS_MANAGED_GUARDRAIL_TYPE, parent: STACK },
            {
                urn: urn(`${REDIS_MANAGED_GUARDRAIL_TYPE}$aws:organizations/policy:Policy`, "guardrail-scp-1"),
                type: "aws:organizations/policy:Policy",
                parent: GUARDRAIL,
                protect: true,
            },
        ],
    },
};

describe("decommissioning: the components' protected children, and nothing else", () => {
    it("lists exactly RedisCloudIam's protected children; with the guardrail type, exactly the guardrail's", () => {
        assert.deepStrictEqual(protectedComponentChildren(EXPORT), [
            urn(`${REDIS_CLOUD_IAM_TYPE}$aws:iam/role:Role`, "redis-cloud-node-role"),
            urn(`${REDIS_CLOUD_IAM_TYPE}$aws:iam/user:User`, "redis-cloud-user"),
        ]);
        assert.deepStrictEqual(protectedComponentChildren(EXPORT, [REDIS_MANAGED_GUARDRAIL_TYPE]), [
            urn(`${REDIS_MANAGED_GUARDRAIL_TYPE}$aws:organizations/policy:Policy`, "guardrail-scp-1"),
        ]);
        assert.throws(() => protectedComponentChildren({ version: 3 }), StackExportError);
    });

    it("as a command: reads the export on stdin, prints one URN a line, refuses what is not an export, takes --help", async () => {
        const run = async (argv: string[], input: string) => {
            const [out, err]: string[][] = [[], []];
            const code = await runProtectedChildren(
                argv,
                async () => input,
                (t) => out.push(t),
                (t) => err.push(t),
            );
            return { code, out, err: err.join("\n") };
        };
        const ok = await run(["protected-children"], JSON.stringify(EXPORT));
        assert.deepStrictEqual([ok.code, ok.out.length, ok.err], [0, 2, ""]);
        assert.deepStrictEqual((await run(["protected-children", "--guardrail"], JSON.stringify(EXPORT))).out.length, 1);
        const notJson = await run([], "Current stack is prod");
        assert.strictEqual(notJson.code, 2);
        assert.match(notJson.err, /^protected-children: stdin is not JSON .*: pipe `pulumi stack export` into it$/);
        assert.match((await run([], "{}")).err, /stdin is not a `pulumi stack export` document/);
        assert.match((await run(["--gardrail"], "{}")).err, /unknown argument "--gardrail" \(did you mean "--guardrail"\?\)/);
        const help = await run(["--help"], "");
        assert.strictEqual(help.code, 0);
        assert.match(help.out.join("\n"), /xargs -r -d '\\n' pulumi state unprotect --yes/);
    });

    it("through the package's bin: stdin in, URNs out", () => {
        const bin = spawnSync(
            process.execPath,
            [require.resolve("ts-node/dist/bin.js"), "--transpile-only", "audit/cli.ts", "protected-children"],
            {
                cwd: REPO_ROOT,
                encoding: "utf8",
                input: JSON.stringify(EXPORT),
            },
        );
        assert.strictEqual(bin.status, 0, bin.stderr);
        assert.deepStrictEqual(bin.stdout.trim().split("\n"), protectedComponentChildren(EXPORT));
    });
});
