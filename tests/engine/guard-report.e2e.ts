/**
 * guard-report against the real Pulumi CLI (stand-in aws provider and Node.js host): three
 * programs are deployed without the pack, exported with `pulumi stack export --show-secrets`, and
 * reported on; each stack's count of violations, by level, must equal what `pulumi preview
 * --policy-pack` shows for the same program and config.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PulumiCli } from "../harness/pulumi-cli";
import { runGuardReport, type StackReport } from "../../plan/guard-report";

const REPOSITORY = path.join(__dirname, "..", "..");
const PACK_DIR = path.join(REPOSITORY, "policy-pack");
const EXAMPLE_CONFIG = path.join(PACK_DIR, "config.example.json");
const SECRET = "STANDIN-SECRET-CONFIG-VALUE-4242";

/** The violations a preview printed, by level: the CLI lists each as `- [level]  policy  (type: name)`. */
function previewCounts(output: string): { mandatory: number; advisory: number } {
    const levels = [...output.matchAll(/^\s+- \[(mandatory|advisory)\]\s+\S+/gm)].map((m) => m[1]);
    return { mandatory: levels.filter((l) => l === "mandatory").length, advisory: levels.filter((l) => l === "advisory").length };
}

describe("guard-report over real exported states, against pulumi preview --policy-pack", function () {
    const cli = new PulumiCli();
    const programDir = cli.projectCopy(REPOSITORY, "report-program");
    const casesDir = cli.projectCopy(path.join(__dirname, "fixtures", "guard-cases"), "report-cases");
    const exportsDir = path.join(cli.home, "..", "exports");
    fs.mkdirSync(exportsDir, { recursive: true });
    const programs: { stack: string; dir: string; case?: string }[] = [
        { stack: "program", dir: programDir },
        { stack: "ids", dir: casesDir, case: "redis-managed-ids-protected" },
        { stack: "node-role", dir: casesDir, case: "redis-node-role-reserved" },
        { stack: "tag", dir: casesDir, case: "redis-managed-tag-reserved" },
    ];
    const previews = new Map<string, { mandatory: number; advisory: number }>();

    before(async () => {
        for (const program of programs) {
            await cli.initStack(program.stack, program.dir);
            if (program.case) {
                await cli.ok(["config", "set", "case", program.case], program.dir, program.stack);
                await cli.ok(["config", "set", "secretValue", SECRET, "--secret"], program.dir, program.stack);
            }
            await cli.ok(["up", "--yes", "--skip-preview"], program.dir, program.stack);
            const exported = await cli.ok(["stack", "export", "--show-secrets"], program.dir, program.stack);
            fs.writeFileSync(path.join(exportsDir, `${program.stack}.json`), exported.stdout);
            const preview = await cli.run(
                ["preview", "--policy-pack", PACK_DIR, "--policy-pack-config", EXAMPLE_CONFIG],
                program.dir,
                program.stack,
            );
            previews.set(program.stack, previewCounts(preview.output));
        }
    });

    it("counts, per stack and level, what the preview shows, and prints no secret", async () => {
        const lines: string[] = [];
        const code = await runGuardReport(["--policy-config", EXAMPLE_CONFIG, "--json", exportsDir], (line) => lines.push(line));
        const output = lines.join("\n");
        assert.ok(!output.includes(SECRET), "the report printed a secret from the states");
        const reports = JSON.parse(output) as StackReport[];
        assert.deepStrictEqual(
            Object.fromEntries(reports.map((r) => [r.stack, { mandatory: r.mandatory, advisory: r.advisory }])),
            Object.fromEntries(previews),
        );
        // Known counts, so that equal zeros on both sides cannot pass for agreement.
        assert.deepStrictEqual(previews.get("program"), { mandatory: 0, advisory: 0 });
        assert.strictEqual(previews.get("ids")?.mandatory, 1);
        assert.strictEqual(previews.get("node-role")?.advisory, 1);
        assert.ok((previews.get("tag")?.mandatory ?? 0) >= 1);
        assert.strictEqual(code, 1, "a stack would be blocked");
    });
});
