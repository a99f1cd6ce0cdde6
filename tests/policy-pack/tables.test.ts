/**
 * The pack's data tables, checked against the real AWS provider, and its
 * example config checked against its own config schema.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { REDIS_GUARD_ALL_POLICIES } from "../../policy-pack/policies";
import { MANAGED_RESOURCE_TARGETS } from "../../policy-pack/lib/managed-resource-targets";
import { GRANT_TYPES } from "../../policy-pack/lib/redis-iam";
import { PRINCIPAL_GRANTS } from "../../policy-pack/policies/redis-principal-grants";
import { SETTING_RESOURCES } from "../../policy-pack/policies/redis-account-settings";
import { INSTANCE_IDENTITY_FIELDS } from "../../policy-pack/policies/redis-node-role-reserved";
import { TAG_LOCATIONS } from "../../policy-pack/policies/redis-managed-tag-reserved";
import { REPO_ROOT } from "../helpers";
import { checkPackConfig } from "../../plan/pack-config";
import { GENERATED_TABLES } from "../../scripts/pack-docs";
import { ID_REFERENCE_USES, TAG_KEY_REFERENCE_USES } from "../../policy-pack/lib/reference-uses";

const awsDir = path.dirname(require.resolve("@pulumi/aws/package.json"));

/** The .d.ts text of the provider class behind a type token such as `aws:ec2/route:Route`. */
function providerDeclaration(token: string): string | undefined {
    const match = /^aws:([a-z0-9]+)\/([A-Za-z0-9]+):([A-Za-z0-9]+)$/.exec(token);
    if (!match) return undefined;
    const file = path.join(awsDir, match[1], `${match[2]}.d.ts`);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
}

/** The `__pulumiType` of the provider class a token names, loaded from the provider's JS. */
function providerToken(token: string): string | undefined {
    const [, module, file, className] = /^aws:([a-z0-9]+)\/([A-Za-z0-9]+):([A-Za-z0-9]+)$/.exec(token) ?? [];
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the provider module named by the token
    return (require(path.join(awsDir, module, file)) as Record<string, { __pulumiType?: string }>)[className]?.__pulumiType;
}

/** Whether the `...Args` interface of a provider declaration has the given top-level input. */
function hasInput(declaration: string, field: string): boolean {
    const args = /export interface \w+Args \{([\s\S]*?)\n\}/.exec(declaration)?.[1] ?? "";
    return new RegExp(`^\\s+${field}\\??:`, "m").test(args);
}

describe("the guard pack's tables against @pulumi/aws", () => {
    const tables: [string, Record<string, string[]>][] = [
        ["managed-resource targets", Object.fromEntries(Object.entries(MANAGED_RESOURCE_TARGETS).map(([t, v]) => [t, v.targets]))],
        ["grant types", Object.fromEntries(Object.entries(GRANT_TYPES).map(([t, v]) => [t, Object.values(v.fields).flat()]))],
        ["instance identity", INSTANCE_IDENTITY_FIELDS as Record<string, string[]>],
        [
            "principal grants (aws: tokens)",
            Object.fromEntries(
                Object.entries(PRINCIPAL_GRANTS)
                    .filter(([t]) => t.startsWith("aws:"))
                    .map(([t, v]) => [t, v.fields]),
            ),
        ],
        [
            "account settings (aws: tokens)",
            Object.fromEntries(
                Object.entries(SETTING_RESOURCES)
                    .filter(([t]) => t.startsWith("aws:"))
                    .map(([t, settings]) => [t, settings.map((setting) => setting.field)]),
            ),
        ],
        [
            "reference uses (aws: tokens; aws-native tokens follow its CloudFormation-shaped schema)",
            Object.fromEntries(
                [...ID_REFERENCE_USES, ...TAG_KEY_REFERENCE_USES]
                    .filter((use) => use.type.startsWith("aws:"))
                    .map((use) => [use.type, use.fields]),
            ),
        ],
        [
            "tag location",
            Object.fromEntries(
                Object.entries(TAG_LOCATIONS)
                    .filter(([t]) => t.startsWith("aws:"))
                    .map(([t, v]) => [t, [...(v.tagMaps ?? []), ...(v.keyFields ?? [])]]),
            ),
        ],
    ];
    for (const [tableName, table] of tables) {
        it(`every type token and field in the ${tableName} table exists in the provider`, () => {
            assert.ok(Object.keys(table).length >= 3);
            for (const [token, fields] of Object.entries(table)) {
                const declaration = providerDeclaration(token);
                assert.ok(declaration, `${token} is a resource of @pulumi/aws`);
                assert.strictEqual(providerToken(token), token, `${token} is the class's own type token`);
                // A path's first field is a top-level input; deeper steps are the provider's nested input types.
                for (const field of fields.map((path) => path.split(/[.[]/)[0]))
                    assert.ok(hasInput(declaration, field), `${token} has input "${field}"`);
            }
        });
    }

    it("the check itself rejects a wrong token and a wrong field", () => {
        assert.strictEqual(providerDeclaration("aws:ec2/routez:Routez"), undefined);
        assert.strictEqual(hasInput(providerDeclaration("aws:ec2/route:Route")!, "routeTableIdz"), false);
        assert.strictEqual(hasInput(providerDeclaration("aws:ec2/route:Route")!, "routeTableId"), true);
    });
});

describe("policy-pack/config.example.json", () => {
    const example = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "policy-pack", "config.example.json"), "utf8"));

    it("configures every policy of the pack, each valid against that policy's config schema", () => {
        assert.strictEqual(
            Object.keys(example).filter((key) => key !== "all").length,
            REDIS_GUARD_ALL_POLICIES.length,
            "every policy appears",
        );
        assert.deepStrictEqual(checkPackConfig(example), []);
    });

    it("the schema check rejects a mistyped setting, an unknown setting, an unknown level and an unknown policy", () => {
        assert.deepStrictEqual(checkPackConfig({ "redis-managed-ids-protected": { resourceIds: "sg-1" } }), [
            '"redis-managed-ids-protected".resourceIds: must be array',
        ]);
        assert.deepStrictEqual(checkPackConfig({ "redis-managed-tag-reserved": { tagkey: "x" } }), [
            '"redis-managed-tag-reserved": unknown property "tagkey"; its properties: enforcementLevel, tagKey, exceptions',
        ]);
        assert.deepStrictEqual(checkPackConfig({ "redis-iam-protected": { enforcementLevel: "strict" } }), [
            '"redis-iam-protected".enforcementLevel: must be one of "advisory", "mandatory", "remediate", "disabled"',
        ]);
        assert.deepStrictEqual(checkPackConfig({ "redis-iam-protected": "strict" }), [
            '"redis-iam-protected": "strict" is not an enforcement level; one of advisory, mandatory, remediate, disabled',
        ]);
        assert.match(checkPackConfig({ "redis-iam-protected": null }).join(), /"redis-iam-protected": must be an enforcement level/);
        assert.match(checkPackConfig({ all: { enforcementLevel: "advisory" } }).join(), /"all": must be an enforcement level/);
        assert.match(checkPackConfig({ "no-such-policy": "mandatory" }).join(), /"no-such-policy" is not a policy of the pack/);
    });

    it("checks the discover setting by its own schema: a misspelt setting by name, a bad region, a bound", () => {
        assert.deepStrictEqual(checkPackConfig({ "redis-managed-ids-protected": { discover: { regions: ["us-east-1"] } } }), []);
        assert.deepStrictEqual(checkPackConfig({ "redis-managed-ids-protected": { discover: { regions: ["us-east-1"], regoins: [] } } }), [
            '"redis-managed-ids-protected".discover: unknown property "regoins"; its properties: regions, accounts, roleArn, tagKey, cacheSeconds, callTimeoutMs, totalTimeoutMs, onFailure',
        ]);
        const problems = checkPackConfig({ "redis-managed-ids-protected": { discover: { regions: ["us-eest-1"], cacheSeconds: -1 } } });
        assert.deepStrictEqual(
            problems.map((p) => p.split(":")[0]),
            ['"redis-managed-ids-protected".discover[regions][0]', '"redis-managed-ids-protected".discover[cacheSeconds]'],
        );
        assert.match(
            checkPackConfig({ "redis-managed-ids-protected": { discover: {} } }).join(),
            /discover: must have required property 'regions'/,
        );
    });

    it("accepts IDs of every kind Redis manages, 8 or 17 hex digits, and refuses anything else by its position and value", () => {
        const kinds = ["vpc", "subnet", "sg", "rtb", "acl", "igw", "pcx", "tgw-attach", "eni", "i", "vol", "snap"];
        const good = kinds.flatMap((kind) => [`${kind}-0a1b2c3d`, `${kind}-0a1b2c3d4e5f60718`]);
        assert.deepStrictEqual(checkPackConfig({ "redis-managed-ids-protected": { resourceIds: good } }), []);
        const bad = [
            "redis-vpc",
            "vpc-0A1B2C3D",
            "vpc-0a1b2c3d4e",
            "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0a1b2c3d",
            "ami-0a1b2c3d",
            " sg-0a1b2c3d",
        ];
        const problems = checkPackConfig({ "redis-managed-ids-protected": { resourceIds: ["vpc-0a1b2c3d", ...bad] } });
        assert.deepStrictEqual(
            problems.map((p) => p.split(" is not an ID")[0]),
            bad.map((id, i) => `"redis-managed-ids-protected".resourceIds[${i + 1}]: ${JSON.stringify(id)}`),
        );
        assert.match(problems[0], /is not an ID of a kind Redis manages \(must match \^\(vpc\|subnet\|sg/);
    });
});

describe("policy-pack/README.md", () => {
    for (const [name, render] of GENERATED_TABLES) {
        it(`carries the ${name} table generated from the pack's data (npm run docs to refresh)`, () => {
            const readme = fs.readFileSync(path.join(REPO_ROOT, "policy-pack", "README.md"), "utf8");
            assert.ok(render().split("\n").length > 5, "the table has rows");
            assert.ok(readme.includes(render()), "run `npm run docs` to regenerate the table");
        });
    }
});
