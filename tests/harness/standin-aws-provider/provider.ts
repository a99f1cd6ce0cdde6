/**
 * A STAND-IN for the `aws` provider plugin (`pulumi-resource-aws`), for the
 * end-to-end tests that run the real Pulumi CLI. It is not AWS and never
 * calls AWS: the real provider cannot be built on this project's machines
 * (its Go module replaces the Terraform provider with a patched local copy).
 *
 * It accepts every resource, echoes inputs as outputs, and adds what IAM
 * would compute: deterministic IDs and ARNs, and recognisable fake secrets
 * for access keys and login profiles, so tests can look for them in state
 * and output. Every create, update and delete is appended to
 * `$STANDIN_AWS_LOG` (one JSON line each) so tests can see what the engine
 * asked of the provider. `$STANDIN_AWS_EXISTING` names a JSON file of
 * resources that already exist in the fake account, `{ "<type> <id>": inputs }`,
 * which `pulumi up` with the `import` option reads. Never shipped: it lives
 * with the tests.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as provider from "@pulumi/pulumi/provider";
import { STANDIN_ACCOUNT_ID, STANDIN_SECRET_PREFIX } from "./secrets";

// The version the real plugin would have for the installed SDK, so the engine accepts the ambient plugin.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- read a version, not a module
const AWS_SDK_VERSION: string = require("@pulumi/aws/package.json").version;

function log(operation: string, urn: string, extra: Record<string, unknown> = {}): void {
    const file = process.env.STANDIN_AWS_LOG;
    // `at`: when, in ms since the epoch, so tests can order these against other stand-ins' records.
    if (file) fs.appendFileSync(file, JSON.stringify({ operation, urn, at: performance.timeOrigin + performance.now(), ...extra }) + "\n");
}

/** The fake account's pre-existing resources, by "<type> <import id>". */
function existingResources(): Record<string, Record<string, unknown>> {
    const file = process.env.STANDIN_AWS_EXISTING;
    return file && fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
}

const typeOf = (urn: string) => urn.split("::")[2].split("$").pop() ?? "";
const nameOf = (urn: string) => urn.split("::")[3];

/** IAM's resource kind in ARNs: instanceProfile -> instance-profile. */
const arnKind = (type: string) =>
    (type.split(":")[2] ?? "resource").replace(/^./, (c) => c.toLowerCase()).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** What AWS would add to a resource's inputs. Deterministic in the URN, so reruns agree. */
function computed(urn: string, inputs: Record<string, unknown>): { id: string; outs: Record<string, unknown> } {
    const type = typeOf(urn);
    const name = typeof inputs.name === "string" ? inputs.name : nameOf(urn);
    const outs: Record<string, unknown> = { ...inputs, arn: `arn:aws:iam::${STANDIN_ACCOUNT_ID}:${arnKind(type)}/${name}` };
    const token = nameOf(urn)
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, "");
    let id = name;
    if (type === "aws:iam/accessKey:AccessKey") {
        // 20 characters like a real key ID, distinct per URN so two generations never collide.
        id = `AKIA${crypto.createHash("sha256").update(urn).digest("hex").slice(0, 16).toUpperCase()}`;
        Object.assign(
            outs,
            inputs.pgpKey
                ? { encryptedSecret: Buffer.from(`encrypted:${token}`).toString("base64"), keyFingerprint: "standin" }
                : { secret: `${STANDIN_SECRET_PREFIX}KEY-${token}` },
        );
    }
    if (type === "aws:iam/userLoginProfile:UserLoginProfile") {
        Object.assign(
            outs,
            inputs.pgpKey
                ? { encryptedPassword: Buffer.from(`encrypted:${token}`).toString("base64"), keyFingerprint: "standin" }
                : { password: `${STANDIN_SECRET_PREFIX}PASSWORD-${token}` },
        );
    }
    if (type.startsWith("aws:iam/") && type.endsWith("Attachment")) id = `${nameOf(urn)}-attachment`;
    return { id, outs };
}

const standInAws: provider.Provider = {
    version: AWS_SDK_VERSION,
    async check(_urn, _olds, news) {
        return { inputs: news };
    },
    async diff(_id, _urn, olds, news) {
        const changed = Object.keys({ ...olds, ...news }).filter(
            (key) => olds[key] !== undefined && JSON.stringify(olds[key]) !== JSON.stringify(news[key]) && key in news,
        );
        const added = Object.keys(news).filter((key) => olds[key] === undefined && news[key] !== undefined);
        return { changes: changed.length + added.length > 0 };
    },
    async create(urn, inputs) {
        const result = computed(urn, inputs);
        log("create", urn, { id: result.id });
        return result;
    },
    async update(id, urn, _olds, news) {
        log("update", urn, { id });
        return { outs: computed(urn, news).outs };
    },
    async delete(id, urn) {
        log("delete", urn, { id });
    },
    async read(id, urn, props) {
        // A refresh reads back what the state holds; an import reads the fake account.
        if (props && Object.keys(props).length > 0) return { id, props };
        const existing = existingResources()[`${typeOf(urn)} ${id}`];
        if (!existing) return {};
        log("read", urn, { id });
        // AWS never returns an existing key's secret or a login profile's password.
        const readable = Object.entries(computed(urn, existing).outs).filter(([key]) => key !== "secret" && key !== "password");
        return { id, props: Object.fromEntries(readable), inputs: existing };
    },
};

provider.main(standInAws, process.argv.slice(2)).catch((error) => {
    console.error(`stand-in aws provider: ${error}`);
    process.exit(1);
});
