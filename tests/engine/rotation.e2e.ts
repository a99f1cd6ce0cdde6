/**
 * Key rotation with registration on, and the retirement gate, through the real
 * Pulumi CLI: appending a generation creates the new key and then hands it to
 * Redis Cloud (PUT, which Redis verifies) in the same `pulumi up`; removing the
 * old generation deletes the old key only once IAM reports that the current
 * key has been used. The order is read from the stand-ins' records of what the
 * engine asked of them, in the order it asked. The `aws` provider, the Node.js
 * host, the Redis Cloud API and IAM's GetAccessKeyLastUsed are stand-ins.
 */
import * as assert from "assert";
import { ACCESS_KEY_RETIREMENT_GATE_TYPE } from "../../core/type-tokens";
import * as path from "path";
import { PulumiCli, exportState } from "../harness/pulumi-cli";
import { StandInRedisCloudApi } from "../harness/standin-redis-cloud-api";
import { StandInIamLastUsed } from "../harness/standin-iam-last-used";
import { STANDIN_SECRET_PREFIX } from "../harness/standin-aws-provider/secrets";

const REPOSITORY = path.join(__dirname, "..", "..");
const API_KEY = "STANDIN-API-ACCOUNT-KEY-rot-11aa";
const API_SECRET = "STANDIN-API-USER-KEY-rot-22bb";
const KEY_TYPE = "aws:iam/accessKey:AccessKey";
const GATE_TYPE = ACCESS_KEY_RETIREMENT_GATE_TYPE;

describe("rotation with registration, and the retirement gate, through the real Pulumi CLI (stand-ins: aws provider, Node.js host, Redis Cloud API, IAM)", function () {
    const iam = new StandInIamLastUsed();
    // Redis uses a key when it accepts it; the test decides when IAM has caught up.
    let iamCaughtUp = true;
    const api = new StandInRedisCloudApi({
        apiKey: API_KEY,
        apiSecretKey: API_SECRET,
        propagationMilliseconds: 2000,
        onKeyAccepted: (id) => (iamCaughtUp ? iam.markUsed(id) : undefined),
    });
    let cli: PulumiCli;
    let projectDir: string;
    const stack = "rotation";
    before(async () => {
        const iamUrl = await iam.start();
        const url = await api.start();
        cli = new PulumiCli({ REDISCLOUD_URL: url, REDISCLOUD_ACCESS_KEY: API_KEY, REDISCLOUD_SECRET_KEY: API_SECRET, ...iam.env(iamUrl) });
        projectDir = cli.projectCopy(REPOSITORY, "rotation");
        await cli.initStack(stack, projectDir);
        for (const [key, value] of [
            ["consoleLogin", "true"],
            ["registerCloudAccount", "true"],
        ])
            await cli.ok(["config", "set", key, value], projectDir, stack);
        await cli.ok(["up", "--yes"], projectDir, stack);
    });
    after(async () => {
        await api.stop();
        await iam.stop();
    });
    const keys = async () => (await exportState(cli, projectDir, stack)).filter((r) => r.type === KEY_TYPE);
    const account = () => [...api.accounts.values()][0] as { accessKeyId: string; id: number };

    it("appending a generation creates the new key, then updates the cloud account to it, in one pulumi up, and deletes nothing", async () => {
        const [original] = await keys();
        assert.strictEqual(account().accessKeyId, original.id);
        const [operations, calls] = [cli.providerOperations().length, api.calls.length];
        await cli.ok(["config", "set", "--path", "accessKeyGenerations[0]", "1"], projectDir, stack);
        await cli.ok(["config", "set", "--path", "accessKeyGenerations[1]", "2027-05"], projectDir, stack);
        const up = await cli.ok(["up", "--yes"], projectDir, stack);
        assert.match(up.output, /CLOUD_ACCOUNT_INVALID_CREDS, attempt 1/, "Redis verified the new key, after IAM propagation");

        const current = (await keys()).find((k) => k.id !== original.id)!;
        assert.ok(current, "a second key exists");
        assert.strictEqual(account().accessKeyId, current.id, "Redis Cloud holds the new key");
        const events = [
            ...cli
                .providerOperations()
                .slice(operations)
                .map((op) => ({ at: op.at, what: `${op.operation} ${op.urn.split("::").pop()}` })),
            ...api.calls
                .slice(calls)
                .filter((call) => call.method !== "GET")
                .map((call) => ({ at: call.at, what: `${call.method} ${call.path}` })),
        ].sort((a, b) => a.at - b.at);
        const sequence = events.map((event) => event.what.replace(/\/\d+$/, "/{id}"));
        assert.deepStrictEqual(sequence, [
            "create redis-cloud-access-key-2027-05",
            // The first PUT meets CLOUD_ACCOUNT_INVALID_CREDS (the stand-in has not seen the key for 2 s); the retry is accepted.
            "PUT /v1/cloud-accounts/{id}",
            "PUT /v1/cloud-accounts/{id}",
        ]);
        const state = await exportState(cli, projectDir, stack);
        assert.strictEqual(state.filter((r) => r.type === GATE_TYPE).length, 1, "the gate holds while two keys are live");
    });

    it("removing the old generation is refused while IAM has not recorded the current key's use; the old key stays", async () => {
        iam.forget();
        const [original] = (await keys()).filter((k) => k.id !== account().accessKeyId);
        const operations = cli.providerOperations().length;
        await cli.ok(["config", "rm", "--path", "accessKeyGenerations[0]"], projectDir, stack);
        const up = await cli.run(["up", "--yes"], projectDir, stack);
        assert.notStrictEqual(up.code, 0);
        assert.match(
            up.output,
            new RegExp(
                `access key retirement gate \\(refuse\\): IAM reports that the current key ${account().accessKeyId} has never been used, so Redis Cloud may still be using ${original.id}\\. The old key is kept`,
            ),
        );
        assert.ok(
            !cli
                .providerOperations()
                .slice(operations)
                .some((op) => op.operation === "delete"),
            "nothing was deleted",
        );
        assert.ok(
            (await keys()).some((k) => k.id === original.id),
            "the old key is still in state",
        );
        assert.ok(iam.asked.includes(account().accessKeyId), "the gate asked IAM about the current key");
    });

    it("once IAM reports the current key used, pulumi up reports it and deletes exactly the old key", async () => {
        iam.markUsed(account().accessKeyId);
        const [original] = (await keys()).filter((k) => k.id !== account().accessKeyId);
        const operations = cli.providerOperations().length;
        const up = await cli.ok(["up", "--yes"], projectDir, stack);
        assert.match(
            up.output,
            new RegExp(
                `access key retirement gate \\(refuse\\): the current key ${account().accessKeyId} was last used \\S+ \\(ec2\\); retiring ${original.id}`,
            ),
        );
        const deletes = cli
            .providerOperations()
            .slice(operations)
            .filter((op) => op.operation === "delete");
        assert.deepStrictEqual(
            deletes.map((op) => op.id),
            [original.id],
        );
        const state = await exportState(cli, projectDir, stack);
        assert.strictEqual(state.filter((r) => r.type === KEY_TYPE).length, 1);
        assert.strictEqual(state.filter((r) => r.type === GATE_TYPE).length, 0, "the gate went with the old generation");
        assert.strictEqual(account().accessKeyId, state.find((r) => r.type === KEY_TYPE)!.id, "Redis Cloud holds the remaining key");
    });

    it("with keyRetirementGate: warn, an unused current key is reported and the old key is deleted anyway", async () => {
        await cli.ok(["config", "set", "keyRetirementGate", "warn"], projectDir, stack);
        await cli.ok(["config", "set", "--path", "accessKeyGenerations[1]", "2027-11"], projectDir, stack);
        iamCaughtUp = false;
        await cli.ok(["up", "--yes"], projectDir, stack);
        iam.forget();
        const operations = cli.providerOperations().length;
        await cli.ok(["config", "rm", "--path", "accessKeyGenerations[0]"], projectDir, stack);
        const up = await cli.ok(["up", "--yes"], projectDir, stack);
        // Three keys and two registrations' worth of secrets have passed through this stack: none is in the clear.
        const backend = cli.backendText();
        for (const secret of [STANDIN_SECRET_PREFIX, API_KEY, API_SECRET])
            assert.ok(!backend.includes(secret), `the state backend holds ${secret}`);
        assert.ok(!up.output.includes(STANDIN_SECRET_PREFIX), "pulumi up printed a secret");
        assert.match(
            up.output,
            /warning: access key retirement gate \(warn\): IAM reports that the current key \S+ has never been used.*retiring it anyway \(keyRetirementGate: warn\)/,
        );
        assert.strictEqual(
            cli
                .providerOperations()
                .slice(operations)
                .filter((op) => op.operation === "delete").length,
            1,
        );
    });
});
