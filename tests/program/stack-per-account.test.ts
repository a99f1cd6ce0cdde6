/**
 * examples/stack-per-account: each stack file pins one account, names only
 * keys the program reads (checked as the plan checks --config), and the
 * guardrail args cover every pinned account.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_CONFIG_NAMESPACE, checkStackConfigObject } from "../../components/stack-config";
import { validateRedisManagedGuardrailArgs } from "../../components/redis-managed-guardrail";
import { REPO_ROOT } from "../helpers";

const EXAMPLE = path.join(REPO_ROOT, "examples", "stack-per-account");

/** The `config:` block of a stack file written as flat `key: value` lines (a JSON list or a scalar each). */
function stackConfig(file: string): Record<string, unknown> {
    const lines = fs.readFileSync(path.join(EXAMPLE, file), "utf8").split("\n");
    const start = lines.indexOf("config:");
    assert.ok(start >= 0, `${file} has a config: block`);
    const config: Record<string, unknown> = {};
    for (const line of lines.slice(start + 1).filter((l) => l.trim() && !l.trim().startsWith("#"))) {
        const match = /^ {2}([\w:.-]+): (.+)$/.exec(line);
        assert.ok(match, `${file}: "${line}" is not a flat key: value line`);
        const raw = match[2].trim();
        config[match[1]] = raw.startsWith("[") || raw.startsWith('"') ? JSON.parse(raw) : raw;
    }
    return config;
}

describe("examples/stack-per-account", () => {
    const stacks = fs.readdirSync(EXAMPLE).filter((file) => /^Pulumi\..+\.yaml$/.test(file));

    it("each stack file pins exactly one account and sets only keys the program reads, with values it accepts", () => {
        assert.strictEqual(stacks.length, 2);
        for (const file of stacks) {
            const config = stackConfig(file);
            const accounts = config["aws:allowedAccountIds"] as string[];
            assert.ok(Array.isArray(accounts) && accounts.length === 1 && /^\d{12}$/.test(accounts[0]), `${file} pins one account`);
            assert.ok(typeof config["aws:profile"] === "string", `${file} names its own AWS profile`);
            const own = Object.fromEntries(
                Object.entries(config)
                    .filter(([key]) => key.startsWith(`${PROJECT_CONFIG_NAMESPACE}:`))
                    .map(([key, value]) => [key.slice(PROJECT_CONFIG_NAMESPACE.length + 1), value]),
            );
            assert.deepStrictEqual(checkStackConfigObject(own), [], file);
        }
    });

    it("the guardrail's args are valid and target every pinned account", () => {
        const args = JSON.parse(fs.readFileSync(path.join(EXAMPLE, "guardrail.json"), "utf8"));
        const checked = validateRedisManagedGuardrailArgs(args);
        assert.deepStrictEqual(checked.warnings, [], "identityAdminRoleArns names the deployer");
        const pinned = stacks.flatMap((file) => stackConfig(file)["aws:allowedAccountIds"] as string[]).sort();
        assert.deepStrictEqual([...checked.targetIds].sort(), pinned);
    });
});
