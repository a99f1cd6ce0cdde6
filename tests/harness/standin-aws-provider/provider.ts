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
 * which `pulumi up` with the `import` option reads; the same file holds the
 * account's attachments and inline policies, which the exclusive lists read and
 * reconcile as the real provider's contract says (see `EXCLUSIVE_LISTS`).
 * Never shipped: it lives with the tests.
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

/**
 * With `$STANDIN_AWS_EXISTING`, that file is the fake account's IAM grants too: attachments and inline policies
 * (`aws:iam/rolePolicy:RolePolicy <role>:<name>`) are entries in it, which attachments the program creates or
 * deletes are added to or removed from, and which the exclusive lists read and reconcile.
 */
const accountFile = () => process.env.STANDIN_AWS_EXISTING;
function writeAccount(account: Record<string, Record<string, unknown>>): void {
    const file = accountFile();
    if (file) fs.writeFileSync(file, JSON.stringify(account, null, 2));
}

/** A principal's grants of one kind, as entries of the account: which type, which field names the principal, which the grant. */
interface GrantKind {
    entryType: string;
    principalField: string;
    valueField: string;
    /** The entry's import ID, as the provider documents it. */
    key: (principal: string, value: string) => string;
}
const ROLE_ATTACHMENTS: GrantKind = {
    entryType: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    principalField: "role",
    valueField: "policyArn",
    key: (principal, value) => `${principal}/${value}`,
};
const USER_ATTACHMENTS: GrantKind = {
    ...ROLE_ATTACHMENTS,
    entryType: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    principalField: "user",
};
const ROLE_INLINE: GrantKind = {
    entryType: "aws:iam/rolePolicy:RolePolicy",
    principalField: "role",
    valueField: "name",
    key: (principal, value) => `${principal}:${value}`,
};
const USER_INLINE: GrantKind = { ...ROLE_INLINE, entryType: "aws:iam/userPolicy:UserPolicy", principalField: "user" };
const ATTACHMENT_KINDS: Record<string, GrantKind> = {
    [ROLE_ATTACHMENTS.entryType]: ROLE_ATTACHMENTS,
    [USER_ATTACHMENTS.entryType]: USER_ATTACHMENTS,
};

/**
 * The four exclusive lists, as the AWS provider's contract describes them (node_modules/@pulumi/aws/iam/*Exclusive.d.ts
 * and the Terraform resources it bridges): the ID is the principal's name; a read returns every policy the principal
 * holds of the kind; create and update make the principal hold exactly the list (attachment lists attach what is
 * missing and detach the rest; inline lists can only delete inline policies not listed); delete changes nothing in the account.
 */
const EXCLUSIVE_LISTS: Record<string, { principalField: string; listField: string; kind: GrantKind; attaches: boolean }> = {
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": {
        principalField: "roleName",
        listField: "policyArns",
        kind: ROLE_ATTACHMENTS,
        attaches: true,
    },
    "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive": {
        principalField: "roleName",
        listField: "policyNames",
        kind: ROLE_INLINE,
        attaches: false,
    },
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": {
        principalField: "userName",
        listField: "policyArns",
        kind: USER_ATTACHMENTS,
        attaches: true,
    },
    "aws:iam/userPoliciesExclusive:UserPoliciesExclusive": {
        principalField: "userName",
        listField: "policyNames",
        kind: USER_INLINE,
        attaches: false,
    },
};

/** What a principal holds of one kind of grant, by entry key. */
function heldBy(account: Record<string, Record<string, unknown>>, kind: GrantKind, principal: string): Map<string, string> {
    const held = new Map<string, string>();
    for (const [key, inputs] of Object.entries(account)) {
        if (key.startsWith(`${kind.entryType} `) && inputs[kind.principalField] === principal)
            held.set(key, String(inputs[kind.valueField]));
    }
    return held;
}

/** Makes the principal hold exactly `wanted` of the list's kind (attachment lists only attach); logs each change. */
function reconcile(urn: string, type: string, inputs: Record<string, unknown>): void {
    const list = EXCLUSIVE_LISTS[type];
    if (!accountFile()) return;
    const account = existingResources();
    const principal = String(inputs[list.principalField]);
    const wanted = (inputs[list.listField] as string[] | undefined) ?? [];
    const held = heldBy(account, list.kind, principal);
    for (const [key, value] of held) {
        if (wanted.includes(value)) continue;
        delete account[key];
        log(list.attaches ? "detach" : "delete-inline", urn, { principal, policy: value });
    }
    if (list.attaches) {
        for (const value of wanted.filter((arn) => ![...held.values()].includes(arn))) {
            account[`${list.kind.entryType} ${list.kind.key(principal, value)}`] = {
                [list.kind.principalField]: principal,
                [list.kind.valueField]: value,
            };
            log("attach", urn, { principal, policy: value });
        }
    }
    writeAccount(account);
}

/** The list as the account holds it now, for a read (refresh or import). */
function readList(type: string, principal: string): Record<string, unknown> {
    const list = EXCLUSIVE_LISTS[type];
    return { [list.principalField]: principal, [list.listField]: [...heldBy(existingResources(), list.kind, principal).values()].sort() };
}

/** An attachment the program creates or deletes is one in the fake account too. */
function recordAttachment(type: string, inputs: Record<string, unknown>, present: boolean): void {
    const kind = ATTACHMENT_KINDS[type];
    if (!kind || !accountFile()) return;
    const account = existingResources();
    const principal = String(inputs[kind.principalField]);
    const value = String(inputs[kind.valueField]);
    const key = `${kind.entryType} ${kind.key(principal, value)}`;
    if (present) account[key] = { [kind.principalField]: principal, [kind.valueField]: value };
    else delete account[key];
    writeAccount(account);
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
    if (EXCLUSIVE_LISTS[type]) id = String(inputs[EXCLUSIVE_LISTS[type].principalField]);
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
        if (EXCLUSIVE_LISTS[typeOf(urn)]) reconcile(urn, typeOf(urn), inputs);
        recordAttachment(typeOf(urn), inputs, true);
        return result;
    },
    async update(id, urn, _olds, news) {
        log("update", urn, { id });
        if (EXCLUSIVE_LISTS[typeOf(urn)]) reconcile(urn, typeOf(urn), news);
        return { outs: computed(urn, news).outs };
    },
    async delete(id, urn, props) {
        log("delete", urn, { id });
        // Deleting an exclusive list only ends its management: nothing is detached.
        recordAttachment(typeOf(urn), props, false);
    },
    async read(id, urn, props) {
        const type = typeOf(urn);
        // An exclusive list reads what the principal holds in the fake account, on refresh and on import alike.
        if (EXCLUSIVE_LISTS[type] && accountFile()) {
            const list = readList(type, id);
            log("read", urn, { id });
            return { id, props: list, inputs: list };
        }
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
