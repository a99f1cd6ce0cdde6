import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PlanInputError, parseArgs, plan, writeArtifacts } from "../scripts/plan";
import { MOCK_SECRETS, RegisteredResource } from "../drivers/mock-engine";
import { REPO_ROOT, seedPolicyBlocks } from "./helpers";
import { consoleRoleTrustPolicy, nodeRoleTrustPolicy, normalizePolicy } from "../components";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "plan-test-"));
const writeJson = (dir: string, name: string, value: unknown) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, JSON.stringify(value));
    return file;
};

/** Runs plan() in-process with console output captured. */
async function runPlan(argv: string[]): Promise<{ code: number; output: string }> {
    const lines: string[] = [];
    const original = console.log;
    console.log = (...parts: unknown[]) => lines.push(parts.join(" "));
    try {
        const code = await plan(parseArgs(argv));
        return { code, output: lines.join("\n") };
    } finally {
        console.log = original;
    }
}

describe("npm run plan", function () {
    it("with defaults: says it is offline, prints the tree and every verdict, writes the artifacts", async () => {
        const out = path.join(tmp(), "review");
        const { code, output } = await runPlan(["--out", out]);
        assert.strictEqual(code, 0);
        assert.match(output, /^Offline plan: NOT a `pulumi preview`/);
        assert.match(output, /no AWS calls are made, no state is read/);
        assert.match(output, /Resources \(11\):/);
        assert.match(
            output,
            /\+ {3}aws:iam\/instanceProfile:InstanceProfile {2}redis-cloud-instance-profile {2}\(redislabs-cluster-node-role\) {2}\[protect\]/,
        );
        assert.strictEqual((output.match(/✔ redis-/g) ?? []).length, 6, "six policies pass");
        const planJson = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8"));
        assert.strictEqual(planJson.resources.length, 11);
        assert.deepStrictEqual(Object.keys(planJson.resources[1]), ["urn", "type", "name", "parent", "protect", "inputs"]);
        const [instanceSeed, userSeed] = seedPolicyBlocks();
        const read = (file: string) => JSON.parse(fs.readFileSync(path.join(out, file), "utf8"));
        assert.deepStrictEqual(normalizePolicy(read("policies/RedisLabsInstanceRolePolicy.json")), normalizePolicy(instanceSeed));
        assert.deepStrictEqual(normalizePolicy(read("policies/RedislabsIAMUserRestrictedPolicy.json")), normalizePolicy(userSeed));
        assert.deepStrictEqual(read("trust-policies/redislabs-role.json"), consoleRoleTrustPolicy);
        assert.deepStrictEqual(read("trust-policies/redislabs-cluster-node-role.json"), nodeRoleTrustPolicy);
    });

    it("plans the options a user would deploy, and no secret value reaches any artifact", async () => {
        const dir = tmp();
        const config = writeJson(dir, "config.json", {
            consoleRolePolicy: "user-restricted-policy",
            consoleLogin: true,
            accessKeyGenerations: ["a", "b"],
            tags: { team: "platform" },
            permissionsBoundaryArn: "arn:aws:iam::123456789012:policy/Boundary",
        });
        const out = path.join(dir, "review");
        const { code, output } = await runPlan(["--config", config, "--out", out]);
        assert.strictEqual(code, 0);
        assert.match(output, /Resources \(13\):/);
        assert.match(output, /redis-cloud-console-login/);
        const everything =
            fs
                .readdirSync(out, { recursive: true, encoding: "utf8" })
                .filter((f) => f.endsWith(".json"))
                .map((f) => fs.readFileSync(path.join(out, f), "utf8"))
                .join("\n") + output;
        for (const secret of Object.values(MOCK_SECRETS)) assert.ok(!everything.includes(secret));
        // The secrets were there to leak: the program exports them, and the plan shows them masked.
        const outputs = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8")).outputs;
        assert.strictEqual(outputs.secretAccessKey, "[secret]");
        assert.strictEqual(outputs.consolePassword, "[secret]");
        assert.strictEqual(outputs.redisCloudConsole, "[secret]");
        assert.strictEqual(outputs.consoleRoleName, "redislabs-role");
        assert.match(output, /secretAccessKey: "\[secret\]"/);
    });

    it("refuses a policy config a policy group would refuse, naming the policy", () => {
        const dir = tmp();
        for (const [config, message] of [
            [{ "redis-iam-protected": null }, /"redis-iam-protected": must be an enforcement level/],
            [{ "redis-iam-protected": "strict" }, /"redis-iam-protected"/],
            [{ "redis-managed-ids-protected": { resourceIds: "sg-1" } }, /"redis-managed-ids-protected"/],
            [{ "no-such-policy": "advisory" }, /"no-such-policy" is not a policy of the pack/],
        ] as const) {
            assert.throws(
                () => parseArgs(["--policy-config", writeJson(dir, "p.json", config)]),
                (err: Error) => err instanceof PlanInputError && message.test(err.message),
            );
        }
    });

    it("with --guardrail, plans the SCP backstop too and writes it under scp/", async () => {
        const dir = tmp();
        const guardrail = writeJson(dir, "guardrail.json", { targetIds: ["123456789012"] });
        const out = path.join(dir, "review");
        const { code, output } = await runPlan(["--guardrail", guardrail, "--out", out]);
        assert.strictEqual(code, 0);
        assert.match(output, /aws:organizations\/policy:Policy/);
        const scps = fs.readdirSync(path.join(out, "scp"));
        assert.strictEqual(scps.length, 1);
        const scp = JSON.parse(fs.readFileSync(path.join(out, "scp", scps[0]), "utf8"));
        assert.ok(scp.Statement.every((s: { Effect: string }) => s.Effect === "Deny"));
    });

    it("masks secret inputs as [secret] in plan.json", () => {
        const out = tmp();
        const secretInput = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "hunter2" };
        const resource: RegisteredResource = {
            urn: "urn:pulumi:s::p::aws:iam/userLoginProfile:UserLoginProfile::x",
            type: "aws:iam/userLoginProfile:UserLoginProfile",
            name: "x",
            custom: true,
            parent: "",
            protect: true,
            additionalSecretOutputs: [],
            dependencies: [],
            importId: "",
            ignoreChanges: [],
            inputs: { user: "redislabs-user", nested: { password: secretInput } },
        };
        writeArtifacts(out, [resource], []);
        const text = fs.readFileSync(path.join(out, "plan.json"), "utf8");
        assert.ok(!text.includes("hunter2"));
        assert.deepStrictEqual(JSON.parse(text).resources[0].inputs, { user: "redislabs-user", nested: { password: "[secret]" } });
    });

    it("fails with exit code 1 when a mandatory policy is violated", async () => {
        const dir = tmp();
        const { code, output } = await runPlan(["--config", writeJson(dir, "c.json", { protectResources: false })]);
        assert.strictEqual(code, 1);
        assert.match(output, /✖ redis-iam-protected: 9 violation\(s\)/);
        assert.match(output, /9 mandatory violation\(s\): the plan fails/);
    });

    it("rejects unknown keys and wrong types by name", () => {
        const dir = tmp();
        const config = writeJson(dir, "bad.json", { consolelogin: true, tags: "team=platform" });
        assert.throws(
            () => parseArgs(["--config", config]),
            (err: Error) => {
                assert.ok(err instanceof PlanInputError);
                assert.match(err.message, /unknown config key "consolelogin"; known keys: consoleRolePolicy, tags/);
                assert.match(err.message, /config key "tags" must be a map of strings/);
                return true;
            },
        );
        assert.throws(() => parseArgs(["--frobnicate"]), /unknown argument "--frobnicate"/);
        assert.throws(() => parseArgs(["--out"]), /--out needs a value/);
    });

    it("as a command: a bad config exits 2, names the arg, and writes nothing", () => {
        const dir = tmp();
        const out = path.join(dir, "review");
        const config = writeJson(dir, "c.json", { tags: { RedisLabsIdentifier: "x" } });
        const run = spawnSync(
            process.execPath,
            [require.resolve("ts-node/dist/bin.js"), "--transpile-only", "scripts/plan.ts", "--config", config, "--out", out],
            {
                cwd: REPO_ROOT,
                encoding: "utf8",
            },
        );
        assert.strictEqual(run.status, 2, run.stderr);
        assert.match(run.stderr, /the program rejected its config: RedisCloudIam args\.tags: key "RedisLabsIdentifier" is reserved/);
        assert.match(run.stderr, /Nothing was written/);
        assert.strictEqual(fs.existsSync(out), false);
    });
});
