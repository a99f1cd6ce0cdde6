/**
 * The multi-language surface: the schema `pulumi package add` would infer for
 * Python, Go, .NET and YAML programs, computed here by `@pulumi/pulumi`'s own
 * analyzer (no Pulumi CLI needed), kept in schema.json and in the API tables of docs/deploy.md.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { REDIS_CLOUD_IAM_TYPE, REDIS_MANAGED_GUARDRAIL_TYPE } from "../../components";
import {
    formatSchema,
    Inference,
    InferredProperty,
    inferSchema,
    API_TABLES_FILE,
    API_TABLES_MARKERS,
    apiTablesBlock,
    REGENERATE_COMMAND,
    renderApiTables,
    SCHEMA_FILE,
} from "../../scripts/api-tables";
import { runOnMockEngine, valueOf } from "../../plan/mock-engine";

const PACKAGE = "redis-cloud-byoc-aws";
const ref = (name: string) => `#/types/${PACKAGE}:index:${name}`;
/** Outputs that hold a secret at runtime (the component wraps them in `pulumi.secret`). */
const SECRET_OUTPUTS = ["secretAccessKey", "encryptedSecretAccessKey", "redisCloudConsole", "consolePassword", "encryptedConsolePassword"];

/** Properties with their JSDoc text left out, to compare types only. */
function withoutDescriptions(properties: Record<string, InferredProperty> = {}): Record<string, InferredProperty> {
    return Object.fromEntries(
        Object.entries(properties).map(([name, property]) => {
            const copy = { ...property };
            delete copy.description;
            return [name, copy];
        }),
    );
}

describe("the inferred Pulumi package schema", () => {
    let inference: Inference;
    before(async function () {
        this.timeout(60_000);
        inference = await inferSchema();
    });
    const component = () => inference.schema.resources[REDIS_CLOUD_IAM_TYPE];

    it("has exactly the RedisCloudIam and RedisManagedGuardrail components, under the package's type tokens, with no errors", () => {
        assert.deepStrictEqual([...inference.componentNames].sort(), ["RedisCloudIam", "RedisManagedGuardrail"]);
        assert.strictEqual(inference.schema.name, PACKAGE);
        assert.deepStrictEqual(Object.keys(inference.schema.resources).sort(), [REDIS_CLOUD_IAM_TYPE, REDIS_MANAGED_GUARDRAIL_TYPE]);
        assert.strictEqual(component().isComponent, true);
        assert.deepStrictEqual(inference.schema.dependencies, [], "no resource references, so no other package is needed");
    });

    it("infers every input with its type; consoleRolePolicy is an enum; none is required", () => {
        const optional = { optional: true };
        const plain = { optional: true, plain: true };
        assert.deepStrictEqual(withoutDescriptions(component().inputProperties), {
            consoleRolePolicy: { $ref: ref("ConsoleRolePolicy"), ...plain },
            keyRetirementGate: { $ref: ref("KeyRetirementGate"), ...plain },
            tags: { type: "object", additionalProperties: { type: "string" }, ...optional },
            permissionsBoundaryArn: { type: "string", ...optional },
            pgpKey: { type: "string", ...optional },
            consoleLogin: { type: "boolean", ...plain },
            consolePasswordLength: { type: "number", ...plain },
            accessKeyGenerations: { type: "array", items: { type: "string", plain: true }, ...plain },
            protectResources: { type: "boolean", ...plain },
            adoptAccountId: { type: "string", ...plain },
            adoptAccessKeyId: { type: "string", ...plain },
            adoptCreate: { type: "array", items: { $ref: ref("AdoptableChild"), plain: true }, ...plain },
        });
        assert.deepStrictEqual(component().requiredInputs, []);
        const consoleRolePolicy = inference.schema.types[`${PACKAGE}:index:ConsoleRolePolicy`];
        assert.strictEqual(consoleRolePolicy.type, "string");
        assert.deepStrictEqual(
            consoleRolePolicy.enum?.map(({ name, value }) => ({ name, value })),
            [
                { name: "InstanceRolePolicy", value: "instance-role-policy" },
                { name: "UserRestrictedPolicy", value: "user-restricted-policy" },
            ],
        );
    });

    it("infers every output with its type; the consoleLogin ones are optional", () => {
        const text = { type: "string" };
        assert.deepStrictEqual(withoutDescriptions(component().properties), {
            instanceRolePolicyArn: text,
            userRestrictedPolicyArn: text,
            nodeRoleName: text,
            nodeRoleArn: text,
            instanceProfileName: text,
            instanceProfileArn: text,
            userName: text,
            userArn: text,
            consoleRoleName: text,
            consoleRoleArn: text,
            consoleRolePolicyName: text,
            accessKeyId: text,
            secretAccessKey: text,
            encryptedSecretAccessKey: text,
            redisCloudConsole: { $ref: ref("RedisCloudConsoleCredentials") },
            consoleUsername: { ...text, optional: true },
            consolePassword: { ...text, optional: true },
            encryptedConsolePassword: { ...text, optional: true },
            signInUrl: { ...text, optional: true },
            credentialShape: { $ref: ref("CredentialShape") },
        });
        const optionalOutputs = ["consoleUsername", "consolePassword", "encryptedConsolePassword", "signInUrl"];
        const requiredOutputs = Object.keys(component().properties ?? {}).filter((name) => !optionalOutputs.includes(name));
        assert.deepStrictEqual([...(component().required ?? [])].sort(), requiredOutputs.sort());
        const credentials = inference.schema.types[`${PACKAGE}:index:RedisCloudConsoleCredentials`];
        assert.deepStrictEqual(withoutDescriptions(credentials.properties), {
            accessKeyId: text,
            secretAccessKey: text,
            iamRoleName: text,
        });
        // What redis-component-shape reads to tell the component's own keys and login from additions.
        assert.deepStrictEqual(withoutDescriptions(inference.schema.types[`${PACKAGE}:index:CredentialShape`].properties), {
            accessKeyGenerations: { type: "array", items: { type: "string" } },
            consoleLogin: { type: "boolean" },
            pgpEncrypted: { type: "boolean" },
        });
    });

    it("documents the secret outputs as secret (the analyzer cannot see pulumi.secret, so it marks none)", () => {
        const outputs = component().properties ?? {};
        for (const name of SECRET_OUTPUTS) {
            assert.ok(outputs[name], `${name} is an output`);
            assert.match(outputs[name].description ?? "", /\(secret\b/, `${name}'s description says it is secret`);
        }
        // Should a later analyzer mark secrets, it must mark only these.
        const marked = Object.keys(outputs).filter((name) => outputs[name].secret);
        assert.deepStrictEqual(
            marked.filter((name) => !SECRET_OUTPUTS.includes(name)),
            [],
        );
    });

    it("takes every description from JSDoc as plain text", () => {
        const described: [string, string | undefined][] = [
            ...Object.entries(component().inputProperties ?? {}).map(([name, p]): [string, string | undefined] => [
                `input ${name}`,
                p.description,
            ]),
            ...Object.entries(component().properties ?? {}).map(([name, p]): [string, string | undefined] => [
                `output ${name}`,
                p.description,
            ]),
            ...Object.values(inference.schema.types).flatMap((type) => [
                ...Object.entries(type.properties ?? {}).map(([name, p]): [string, string | undefined] => [`field ${name}`, p.description]),
                ...(type.enum ?? []).map((member): [string, string | undefined] => [`enum member ${member.name}`, member.description]),
            ]),
            ["component", component().description],
        ];
        assert.ok(described.length > 30, "descriptions were collected");
        assert.deepStrictEqual(
            described.filter(([, description]) => !description).map(([what]) => what),
            [],
            "every input, output, field and enum member has a JSDoc comment",
        );
        assert.deepStrictEqual(
            described.filter(([, description]) => description?.includes("[object Object]")).map(([what]) => what),
            [],
            "JSDoc inline tags such as {@link …} reach the schema as [object Object] (the analyzer joins the comment's parts " +
                "as objects); write the text plainly, e.g. with backticks",
        );
    });

    it("constructs through the component provider, as a Python or YAML program would, with secrets kept secret", async () => {
        const { result, resources } = await runOnMockEngine(() =>
            inference.provider.construct(
                "redis-cloud",
                REDIS_CLOUD_IAM_TYPE,
                { consoleRolePolicy: "user-restricted-policy", consoleLogin: true },
                {},
            ),
        );
        assert.strictEqual(resources.length, 18, "component + 16 children + login profile");
        const state = result.state as Record<string, pulumi.Output<unknown>>;
        assert.deepStrictEqual(Object.keys(state).sort(), Object.keys(component().properties ?? {}).sort());
        for (const name of SECRET_OUTPUTS) assert.strictEqual(await pulumi.isSecret(state[name]), true, `${name} is secret`);
        assert.strictEqual(await valueOf(state.consoleRolePolicyName), "RedislabsIAMUserRestrictedPolicy");
    });

    it("is what schema.json holds", async () => {
        if (process.env.UPDATE_SCHEMA === "1") fs.writeFileSync(SCHEMA_FILE, await formatSchema(inference.schema));
        const stale =
            `schema.json is out of date with the component; regenerate it with ${REGENERATE_COMMAND} ` +
            "(schema.json and the API tables in docs/deploy.md) or UPDATE_SCHEMA=1 npm run test:only (schema.json only)";
        assert.ok(fs.existsSync(SCHEMA_FILE), stale);
        assert.deepStrictEqual(JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")), inference.schema, stale);
    });

    it("is what the API tables of docs/deploy.md show", () => {
        const block = apiTablesBlock(fs.readFileSync(API_TABLES_FILE, "utf8"));
        assert.ok(
            block !== undefined,
            `docs/deploy.md has no ${API_TABLES_MARKERS.start} … ${API_TABLES_MARKERS.end} block; add the markers, then run ${REGENERATE_COMMAND}`,
        );
        assert.strictEqual(
            block,
            renderApiTables(inference.schema),
            `docs/deploy.md's API tables are out of date; run ${REGENERATE_COMMAND}`,
        );
    });
});
