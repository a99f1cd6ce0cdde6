/**
 * The documented `pulumi` commands, run exactly as written against the real
 * CLI (stand-in aws provider and Node.js host): the README's deploy block on a
 * fresh stack, and the key rotation steps of docs/rotation.md from a stack
 * deployed with defaults. The commands are read from those files, so the test
 * follows the docs.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PulumiCli, exportState } from "../harness/pulumi-cli";
import { STANDIN_SECRET_PREFIX } from "../harness/standin-aws-provider/secrets";
import { StandInIamLastUsed } from "../harness/standin-iam-last-used";
import { StandInRedisCloudApi } from "../harness/standin-redis-cloud-api";

const REPOSITORY = path.join(__dirname, "..", "..");
const README = fs.readFileSync(path.join(REPOSITORY, "README.md"), "utf8");
const ROTATION_GUIDE = fs.readFileSync(path.join(REPOSITORY, "docs", "rotation.md"), "utf8");
/** Commands that need a person or a network (`pulumi login`), set up Node (`npm ci`) or the shell (`export`, whose variables the harness sets): the harness does those. */
const SKIPPED = [/^npm /, /^pulumi login\b/, /^export /];

/** The text of the section of `doc` under `heading`, up to the next heading of the same or a higher level outside code blocks. */
function section(doc: string, heading: string): string {
    const start = doc.indexOf(heading);
    assert.ok(start >= 0, `the doc has a section "${heading}"`);
    const level = /^#+/.exec(heading)?.[0].length ?? 2;
    const lines = doc.slice(start + heading.length).split("\n");
    let inCode = false;
    const end = lines.findIndex((line) => {
        if (line.startsWith("```")) inCode = !inCode;
        return !inCode && new RegExp(`^#{1,${level}} `).test(line);
    });
    return (end < 0 ? lines : lines.slice(0, end)).join("\n");
}

/** Every `sh` code block of a section, as commands split into words the way a POSIX shell would for these lines. */
function shellBlocks(text: string): string[][][] {
    return [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((block) =>
        block[1]
            .split("\n")
            .map((line) => line.trim())
            .filter((line) => line && !line.startsWith("#"))
            .map(splitWords)
            .filter((words) => words.length > 0 && !SKIPPED.some((skip) => skip.test(words.join(" ")))),
    );
}

/** Splits on spaces, honours single and double quotes, and drops a trailing `# comment`. */
function splitWords(line: string): string[] {
    const words: string[] = [];
    let current: string | undefined;
    let quote: string | undefined;
    for (const char of line) {
        if (quote) {
            if (char === quote) quote = undefined;
            else current = (current ?? "") + char;
        } else if (char === "'" || char === '"') {
            quote = char;
            current = current ?? "";
        } else if (char === "#" && current === undefined) {
            break;
        } else if (char === " ") {
            if (current !== undefined) words.push(current);
            current = undefined;
        } else {
            current = (current ?? "") + char;
        }
    }
    if (current !== undefined) words.push(current);
    return words;
}

describe("the README's and docs/rotation.md's commands through the real Pulumi CLI (stand-in aws provider and Node.js host)", function () {
    const cli = new PulumiCli();
    const projectDir = cli.projectCopy(REPOSITORY, "readme");
    // The retirement gate asks IAM whether the new key has been used: a stand-in answers.
    const iam = new StandInIamLastUsed();
    let iamEnv: NodeJS.ProcessEnv = {};
    before(async () => {
        iamEnv = iam.env(await iam.start());
    });
    after(() => iam.stop());

    /** Runs a README command (`pulumi ...`) as written; `stack init` is the only one that selects a stack. */
    async function runAsWritten(words: string[]): Promise<string> {
        assert.strictEqual(words[0], "pulumi", `README command "${words.join(" ")}" is a pulumi command`);
        const args = words.slice(1);
        // `pulumi up` asks for confirmation on a terminal; the README's reader answers yes.
        if (args[0] === "up") args.push("--yes");
        const result = await cli.run(args, projectDir, undefined, iamEnv);
        assert.strictEqual(result.code, 0, `README command failed: ${words.join(" ")}\n${result.output}`);
        return result.stdout;
    }

    it("the deploy block works as written on a fresh stack", async () => {
        const [deploy] = shellBlocks(section(README, "## Deploy it"));
        assert.ok(
            deploy.some((words) => words[1] === "stack" && words[2] === "init"),
            "the block creates a stack",
        );
        assert.ok(
            deploy.some((words) => words[1] === "up"),
            "the block deploys",
        );
        let lastOutput = "";
        for (const words of deploy) lastOutput = await runAsWritten(words);
        // The block ends by showing what to paste into the Redis Cloud console.
        const console = JSON.parse(lastOutput);
        assert.ok(console.secretAccessKey.startsWith(STANDIN_SECRET_PREFIX));
        assert.match(console.accessKeyId, /^AKIA/);
        assert.strictEqual(console.iamRoleName, "redislabs-role");
    });

    it("the registration block, after the deploy block's first two commands, registers the account with the stand-in Redis Cloud API as written", async () => {
        const [deploy, register] = shellBlocks(section(README, "## Deploy it"));
        assert.ok(register, "the README has a registration block");
        const api = new StandInRedisCloudApi({ apiKey: "readme-account-key", apiSecretKey: "readme-user-key" });
        const env = {
            REDISCLOUD_URL: await api.start(),
            REDISCLOUD_ACCESS_KEY: "readme-account-key",
            REDISCLOUD_SECRET_KEY: "readme-user-key",
        };
        try {
            const run = async (words: string[]) => {
                const args = words.slice(1);
                if (args[0] === "up") args.push("--yes");
                const result = await cli.run(args, projectDir, undefined, { ...iamEnv, ...env });
                assert.strictEqual(result.code, 0, `README command failed: ${words.join(" ")}\n${result.output}`);
                return result.stdout;
            };
            // A stack of its own (the deploy block's `stack init` and region), then the block as written.
            await run(["pulumi", "stack", "init", "registered-as-written"]);
            await run(deploy.find((words) => words[2] === "set" && words[3] === "aws:region")!);
            let lastOutput = "";
            for (const words of register) lastOutput = await run(words);
            const [account] = api.accounts.values();
            assert.strictEqual(api.accounts.size, 1);
            assert.strictEqual(account.name, "prod-account");
            assert.strictEqual(lastOutput.trim(), String(account.id), "the block ends by showing Redis Cloud's ID of the account");
        } finally {
            await api.stop();
        }
    });

    it("the rotation steps, from a stack deployed with defaults, add the new key and then, past the retirement gate, delete only the old one", async () => {
        const blocks = shellBlocks(section(ROTATION_GUIDE, "# Zero-downtime key rotation"));
        assert.strictEqual(blocks.length, 3, "docs/rotation.md has: append from the default, append to one generation, remove the old");
        const [appendFromDefault, , removeOld] = blocks;
        const stack = "rotation-as-written";
        const keys = async () => (await exportState(cli, projectDir, stack)).filter((r) => r.type === "aws:iam/accessKey:AccessKey");

        await cli.initStack(stack, projectDir);
        await cli.ok(["up", "--yes", "--skip-preview"], projectDir, stack);
        const [original] = await keys();
        assert.ok(original, "the default deploy has one key");

        for (const words of appendFromDefault) await runAsWritten(words);
        const afterAppend = await keys();
        assert.strictEqual(afterAppend.length, 2, "step 1 adds a key");
        assert.ok(
            afterAppend.some((k) => k.urn === original.urn && k.id === original.id),
            "step 1 keeps the key Redis holds (same resource, same ID)",
        );

        // Step 2, by hand: Redis Cloud gets the new key and uses it, which IAM records.
        const current = afterAppend.find((k) => k.id !== original.id)!;
        iam.markUsed(current.id!);
        const deletesBefore = cli.providerOperations().filter((op) => op.operation === "delete").length;
        for (const words of removeOld) await runAsWritten(words);
        assert.deepStrictEqual(iam.asked, [current.id], "the gate asked IAM about the new key before the old one went");
        const afterRemove = await keys();
        assert.strictEqual(afterRemove.length, 1);
        assert.notStrictEqual(afterRemove[0].urn, original.urn, "the new key remains");
        assert.strictEqual(afterRemove[0].protect, true, "the current key is protected");
        const deletes = cli
            .providerOperations()
            .filter((op) => op.operation === "delete")
            .slice(deletesBefore);
        assert.deepStrictEqual(
            deletes.map((op) => op.urn),
            [original.urn],
            "step 3 deletes exactly the old key",
        );
    });
});
