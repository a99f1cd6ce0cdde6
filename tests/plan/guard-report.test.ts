/**
 * guard-report (plan/guard-report.ts): the built pack, spawned as the CLI spawns it, over exported
 * states. The exports are written here as `pulumi stack export` writes them: the project's own
 * program on the mock engine, and a stack with known violations. tests/engine/guard-report.e2e.ts
 * compares its counts with `pulumi preview --policy-pack` on real exports.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runGuardReport, type StackReport } from "../../plan/guard-report";
import { loadFresh, revealSecrets, runOnMockEngine } from "../../plan/mock-engine";
import { REPO_ROOT } from "../helpers";

const EXAMPLE_CONFIG = path.join(REPO_ROOT, "policy-pack", "config.example.json");
const SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
const SECRET = "plaintext-secret-value-0042";
/** A Redis security group listed in the example config. */
const REDIS_GROUP = "sg-0a1b2c3d4e5f60718";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "guard-report-"));
const urn = (stack: string, type: string, name: string) => `urn:pulumi:${stack}::acct::${type}::${name}`;
const exportOf = (resources: unknown[]) => ({ version: 3, deployment: { manifest: {}, resources } });
const write = (dir: string, name: string, value: unknown) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, JSON.stringify(value));
    return file;
};

/** A stack with two mandatory violations (example config), one advisory, a plaintext and an encrypted secret. */
function violatingExport() {
    const stack = "payments";
    const rule = "aws:ec2/securityGroupRule:SecurityGroupRule";
    const role = "aws:iam/policy:Policy";
    const instance = "aws:ec2/instance:Instance";
    return exportOf([
        { urn: urn(stack, "pulumi:pulumi:Stack", `acct-${stack}`), type: "pulumi:pulumi:Stack", custom: false },
        {
            urn: urn(stack, rule, "into-redis"),
            type: rule,
            custom: true,
            inputs: { securityGroupId: REDIS_GROUP, type: "ingress", description: { ...SIG, plaintext: JSON.stringify(SECRET) } },
            outputs: { id: "sgrule-1", securityGroupId: REDIS_GROUP },
        },
        {
            urn: urn(stack, role, "passes-node-role"),
            type: role,
            custom: true,
            inputs: {
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::*:role/redislabs-cluster-node-role" }],
                }),
            },
            outputs: { id: "p-1" },
        },
        {
            urn: urn(stack, instance, "borrows-profile"),
            type: instance,
            custom: true,
            inputs: { iamInstanceProfile: "redislabs-cluster-node-role", userData: { ...SIG, ciphertext: "v1:AAAA" } },
            outputs: { id: "i-1" },
        },
    ]);
}

/** The project's own program (index.ts, defaults) as its export would hold it after `pulumi up`. */
async function programExport() {
    const { resources } = await runOnMockEngine(() => loadFresh(path.join(REPO_ROOT, "index.ts")));
    return exportOf(
        resources.map((r) => ({
            urn: r.urn,
            type: r.type,
            custom: r.custom,
            parent: r.parent || undefined,
            protect: r.protect,
            additionalSecretOutputs: r.additionalSecretOutputs,
            inputs: revealSecrets(r.inputs),
            // A component's outputs are what it registered (RedisCloudIam's credentialShape among them).
            outputs: r.custom ? { ...(revealSecrets(r.inputs) as object), id: `${r.name}-id` } : revealSecrets(r.outputs ?? {}),
        })),
    );
}

async function run(argv: string[]): Promise<{ code: number; output: string }> {
    const lines: string[] = [];
    const code = await runGuardReport(argv, (line) => lines.push(line));
    return { code, output: lines.join("\n") };
}

describe("guard-report: the pack over exported states", function () {
    this.timeout(120_000);
    const dir = tmp();
    let program: string;
    let violating: string;
    before(async () => {
        program = write(dir, "a-program.json", await programExport());
        violating = write(dir, "b-payments.json", violatingExport());
    });

    it("reports the project's program clean and the violating stack with its known counts, and exits 1", async () => {
        const { code, output } = await run(["--policy-config", EXAMPLE_CONFIG, "--json", program, violating]);
        assert.strictEqual(code, 1, output);
        const reports = JSON.parse(output) as StackReport[];
        assert.deepStrictEqual(
            reports.map((r) => [r.stack, r.mandatory, r.advisory]),
            [
                ["mock", 0, 0],
                ["payments", 2, 1],
            ],
        );
        const payments = reports[1];
        assert.deepStrictEqual(payments.violations.map((v) => `${v.level} ${v.policy}`).sort(), [
            "advisory redis-node-role-reserved",
            "mandatory redis-iam-documents",
            "mandatory redis-managed-ids-protected",
        ]);
        assert.ok(
            payments.violations.every((v) => v.urn.startsWith("urn:pulumi:payments::")),
            "each violation names its resource",
        );
        assert.strictEqual(payments.unreadableSecrets, 1, "the encrypted userData is counted, not judged");
        assert.strictEqual(reports[0].resources > 5, true);
    });

    it("prints a table per stack and each violation, and never a secret from the states", async () => {
        const { code, output } = await run(["--policy-config", EXAMPLE_CONFIG, dir]);
        assert.strictEqual(code, 1);
        assert.match(output, /\| acct\/payments \| 3 \| 2 \| 1 \| 1 \|/);
        assert.match(output, /✖ \[mandatory\] redis-managed-ids-protected: urn:pulumi:payments::acct::aws:ec2\/securityGroupRule/);
        assert.match(output, /1 of 2 stack\(s\) would fail a preview with this config\./);
        assert.match(output, /--show-secrets/);
        assert.ok(!output.includes(SECRET), "no secret value");
    });

    it("exits 0 when no stack would be blocked", async () => {
        const { code, output } = await run([program]);
        assert.strictEqual(code, 0, output);
        assert.match(output, /No stack would fail a preview with this config\./);
    });

    it("refuses what it cannot read with one line and exit 2, before starting the pack", async () => {
        const notAnExport = write(dir, "c-not-export.txt", { hello: "world" });
        for (const [argv, message] of [
            [[notAnExport], /c-not-export\.txt: not a `pulumi stack export` file/],
            [[path.join(dir, "missing.json")], /missing\.json: no such file or directory \(ENOENT\)/],
            [["--policy-config", program, program], /--policy-config .*a-program\.json:/],
            [["--bogus", program], /unknown argument "--bogus"/],
            [[], /name at least one exported state/],
        ] as [string[], RegExp][]) {
            const { code, output } = await run(argv);
            assert.strictEqual(code, 2, `${argv.join(" ")}: ${output}`);
            assert.match(output, message);
        }
    });
});
