/**
 * The gate before a retiring access key is deleted: while `redislabs-user`
 * holds two keys, `RedisCloudIam` keeps one `AccessKeyRetirementGate` that
 * depends on the retiring key. Removing the old generation removes both, and
 * the engine deletes the gate first: its delete asks IAM
 * (`GetAccessKeyLastUsed`) whether the current key has been used, reports
 * what IAM says, and with `KeyRetirementGate.Refuse` fails while the current
 * key has never been used, so the old key stays. With
 * `KeyRetirementGate.Warn` it warns and lets the old key go.
 *
 * It serves every stack: those that register through `RedisCloudAccount`
 * (which hands Redis the new key in the same `pulumi up` that creates it) and
 * those that register by hand. A dynamic provider, like `RedisCloudAccount`:
 * it runs in TypeScript and JavaScript programs; the AWS SDK in it finds
 * credentials the way the AWS CLI does (environment, profile), not from the
 * `aws` provider's config.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as IamSdk from "@aws-sdk/client-iam";
import { KeyRetirementGate } from "../core/key-retirement-gate";

interface GateState {
    userName: string;
    retiringAccessKeyId: string;
    currentAccessKeyId: string;
    mode: KeyRetirementGate;
}

function messageOf(error: unknown): string {
    const message = typeof error === "object" && error !== null ? (error as { message?: unknown }).message : undefined;
    return typeof message === "string" ? message : String(error);
}

/** What IAM says of the current key, or why it could not say. */
async function currentKeyLastUsed(state: GateState): Promise<{ used?: Date; service?: string; problem?: string }> {
    try {
        // IAM is global; its endpoint is in us-east-1 (AWS_ENDPOINT_URL overrides it, as for the AWS CLI).
        // Required here, not imported: Pulumi serialises this provider's code, and a require in it stays a require.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const iamSdk: typeof IamSdk = require("@aws-sdk/client-iam");
        const client = new iamSdk.IAMClient({ region: "us-east-1" });
        const answer = await client.send(new iamSdk.GetAccessKeyLastUsedCommand({ AccessKeyId: state.currentAccessKeyId }));
        const used = answer.AccessKeyLastUsed?.LastUsedDate;
        return used ? { used: new Date(used), service: answer.AccessKeyLastUsed?.ServiceName } : {};
    } catch (error) {
        return { problem: messageOf(error) };
    }
}

const gateProvider: pulumi.dynamic.ResourceProvider<GateState, GateState> = {
    async create(inputs) {
        return { id: `${inputs.retiringAccessKeyId}-retirement`, outs: inputs };
    },
    async diff(_id, olds, news) {
        const changed = (["userName", "retiringAccessKeyId", "currentAccessKeyId", "mode"] as const).filter((k) => olds[k] !== news[k]);
        return { changes: changed.length > 0 };
    },
    async update(_id, _olds, news) {
        return { outs: news };
    },
    async delete(_id, props) {
        const prefix = `access key retirement gate (${props.mode})`;
        const { used, service, problem } = await currentKeyLastUsed(props);
        if (used) {
            console.error(
                `${prefix}: the current key ${props.currentAccessKeyId} was last used ${used.toISOString()}${service ? ` (${service})` : ""}; retiring ${props.retiringAccessKeyId}`,
            );
            return;
        }
        const why = problem
            ? `IAM could not say whether the current key ${props.currentAccessKeyId} has been used (${problem})`
            : `IAM reports that the current key ${props.currentAccessKeyId} has never been used, so Redis Cloud may still be using ${props.retiringAccessKeyId}`;
        if (props.mode === KeyRetirementGate.Warn) {
            console.error(`warning: ${prefix}: ${why}; retiring it anyway (keyRetirementGate: warn)`);
            return;
        }
        throw new Error(
            `${prefix}: ${why}. The old key is kept. Check that Redis Cloud holds ${props.currentAccessKeyId} ` +
                "(with registerCloudAccount the stack gave it to Redis; otherwise edit the cloud account in the Redis Cloud console), " +
                "wait for IAM to record its use (it does so with a delay) and run pulumi up again; " +
                "to retire it regardless, put the old generation back, set keyRetirementGate to warn, pulumi up, then remove it again (docs/rotation.md)",
        );
    },
};

export interface AccessKeyRetirementGateArgs {
    userName: pulumi.Input<string>;
    retiringAccessKeyId: pulumi.Input<string>;
    currentAccessKeyId: pulumi.Input<string>;
    mode: KeyRetirementGate;
}

/** Held while two keys are live; deleted, just before the retiring key, when the old generation is removed. */
export class AccessKeyRetirementGate extends pulumi.dynamic.Resource {
    constructor(name: string, args: AccessKeyRetirementGateArgs, opts?: pulumi.CustomResourceOptions) {
        super(gateProvider, name, { ...args }, opts, "redis-cloud-byoc-aws", "AccessKeyRetirementGate");
    }
}
