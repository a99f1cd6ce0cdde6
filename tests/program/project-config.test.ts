import * as assert from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ConfigValueType, PROJECT_CONFIG_DECLARATIONS, STACK_CONFIG_KEYS, checkStackConfigObject } from "../../components/stack-config";
import { RegisteredResource, loadFresh, runOnMockEngine } from "../../plan/mock-engine";
import { currentProjectConfig, renderProjectConfig } from "../../scripts/project-config";
import { REPO_ROOT } from "../helpers";

const PROGRAM = path.join(REPO_ROOT, "index.ts");
const CLI_TYPE: Record<string, ConfigValueType> = {
    string: ConfigValueType.String,
    boolean: ConfigValueType.Boolean,
    integer: ConfigValueType.Number,
};
const shape = (resources: RegisteredResource[]) => resources.map((r) => ({ urn: r.urn, protect: r.protect, inputs: r.inputs }));

describe("Pulumi.yaml's typed config, and the program's config in a real deploy", () => {
    it("Pulumi.yaml holds the config block generated from the program's config table (npm run project-config)", () => {
        assert.strictEqual(currentProjectConfig(), renderProjectConfig(), "Pulumi.yaml is stale: run npm run project-config");
    });

    it("declares each key with the type the program reads, and says why the others are not declared", () => {
        assert.deepStrictEqual(Object.keys(PROJECT_CONFIG_DECLARATIONS), Object.keys(STACK_CONFIG_KEYS));
        const declared = Object.entries(PROJECT_CONFIG_DECLARATIONS).filter(([, d]) => "type" in d);
        assert.ok(declared.length >= 4, "the scalar keys are declared");
        for (const [key, declaration] of declared) {
            if (!("type" in declaration)) continue;
            assert.strictEqual(CLI_TYPE[declaration.type], STACK_CONFIG_KEYS[key as keyof typeof STACK_CONFIG_KEYS], key);
            assert.match(renderProjectConfig(), new RegExp(`\\n  ${key}:\\n    type: ${declaration.type}\\n`));
        }
        for (const [key, declaration] of Object.entries(PROJECT_CONFIG_DECLARATIONS)) {
            if ("undeclared" in declaration) assert.ok(renderProjectConfig().includes(`#   ${key}: ${declaration.undeclared}`), key);
        }
    });

    it("its defaults are the component's: the program plans the same resources with them as with no config", async () => {
        const defaults = Object.fromEntries(
            Object.entries(PROJECT_CONFIG_DECLARATIONS).flatMap(([key, d]) => ("default" in d ? [[key, d.default]] : [])),
        );
        const bare = await runOnMockEngine(() => loadFresh(PROGRAM));
        const withDefaults = await runOnMockEngine(() => loadFresh(PROGRAM), { config: defaults });
        assert.strictEqual(bare.resources.length, 17);
        assert.deepStrictEqual(shape(withDefaults.resources), shape(bare.resources));
    });

    it("refuses a misspelt key of its own namespace by name, and ignores other namespaces", async () => {
        await assert.rejects(
            runOnMockEngine(
                () => {
                    pulumi.runtime.setConfig("aws:region", "us-east-1");
                    return loadFresh(PROGRAM);
                },
                { config: { consoleRolPolicy: "user-restricted-policy" } },
            ),
            (err: Error) => {
                assert.match(
                    err.message,
                    /stack config: unknown config key "consoleRolPolicy" \(did you mean "consoleRolePolicy"\?\); known keys: consoleRolePolicy, .*; remove it with `pulumi config rm consoleRolPolicy`/,
                );
                assert.doesNotMatch(err.message, /aws:region|"region"/);
                return true;
            },
        );
        const { resources } = await runOnMockEngine(() => {
            pulumi.runtime.setConfig("aws:region", "us-east-1");
            return loadFresh(PROGRAM);
        });
        assert.strictEqual(resources.length, 17, "a provider's config key is not the program's business");
    });

    it("reads list items and tag values that `pulumi config set --path` stored as numbers or booleans as the text typed", async () => {
        // As `--path 'accessKeyGenerations[0]' 1`, `--path 'accessKeyGenerations[1]' 2027-05`, `--path tags.costCenter 1234`, `--path tags.billable true`.
        const config = { accessKeyGenerations: [1, "2027-05"], tags: { costCenter: 1234, billable: true } };
        assert.deepStrictEqual(checkStackConfigObject(config), [], "the plan's --config accepts what a deploy accepts");
        const { resources } = await runOnMockEngine(() => loadFresh(PROGRAM), { config });
        const keys = resources.filter((r) => r.type === "aws:iam/accessKey:AccessKey").map((r) => r.name);
        assert.deepStrictEqual(keys, ["redis-cloud-access-key-1", "redis-cloud-access-key-2027-05"]);
        const user = resources.find((r) => r.type === "aws:iam/user:User");
        assert.deepStrictEqual(user?.inputs.tags, { costCenter: "1234", billable: "true" });
        assert.deepStrictEqual(checkStackConfigObject({ accessKeyGenerations: [{ id: 1 }] }), [
            'config key "accessKeyGenerations" must be a list of strings',
        ]);
    });
});
