/**
 * Runs Pulumi code on the SDK's own mock engine (`pulumi.runtime.setMocks`)
 * and records every RegisterResource request exactly as the SDK sent it:
 * type, name, parent, protect, additionalSecretOutputs, import ID,
 * ignoreChanges and inputs, with secrets still marked. The plan and the
 * tests both use it.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { deserializeProperties, specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";

export interface RegisteredResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    /** URN of the parent, or "" for the stack itself. */
    parent: string;
    protect: boolean;
    additionalSecretOutputs: string[];
    dependencies: string[];
    /** The `import` option: the ID of an existing resource to adopt, or "" when the resource is created. */
    importId: string;
    ignoreChanges: string[];
    /** Inputs with secrets as `{ [specialSigKey]: specialSecretSig, value }`; use `revealSecrets`/`maskSecrets`. */
    inputs: Record<string, unknown>;
    /** A component's outputs as it registered them (`registerOutputs`), secrets marked as in `inputs`; undefined until then. */
    outputs?: Record<string, unknown>;
}

export interface MockRunOptions {
    /** Stack config, by key without the project prefix; a key with a namespace (`aws:region`) is used as written. */
    config?: Record<string, unknown>;
    /** The keys of `config` set as secrets (`pulumi config set --secret`). */
    secretConfig?: string[];
    /** Answers to provider functions (invokes) by token, e.g. `aws:organizations/getPoliciesForTarget:getPoliciesForTarget`; any other returns its inputs. */
    calls?: Readonly<Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>>>;
    project?: string;
    stack?: string;
    preview?: boolean;
}

export const MOCK_ACCOUNT_ID = "123456789012";
/** Values the fake provider returns for secret fields: tests look for them in every artifact. */
export const MOCK_SECRETS = {
    secret: "MOCK-SECRET-ACCESS-KEY-0000000000000000000000",
    password: "MOCK-CONSOLE-PASSWORD-000000000000",
} as const;

const isSecretWrapper = (value: unknown): value is { value: unknown } =>
    typeof value === "object" && value !== null && (value as Record<string, unknown>)[specialSigKey] === specialSecretSig;

function mapSecrets(value: unknown, onSecret: (inner: unknown) => unknown): unknown {
    if (isSecretWrapper(value)) return onSecret(value.value);
    if (Array.isArray(value)) return value.map((item) => mapSecrets(item, onSecret));
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, mapSecrets(inner, onSecret)]));
    }
    return value;
}

/** Inputs as the provider (and a policy pack) sees them: secrets in plaintext. */
export const revealSecrets = (value: unknown): unknown => mapSecrets(value, (inner) => revealSecrets(inner));
/** Inputs as a person may see them: every secret replaced by `"[secret]"`. */
export const maskSecrets = (value: unknown): unknown => mapSecrets(value, () => "[secret]");

/** A fake AWS: the IAM outputs that Redis's resources need, and recognisable secrets. */
const mocks: pulumi.runtime.Mocks = {
    newResource(args) {
        const inputs = args.inputs as Record<string, unknown>;
        const physicalName = typeof inputs.name === "string" ? inputs.name : args.name;
        // instanceProfile -> instance-profile, as IAM writes resource kinds in ARNs.
        const kind = (args.type.split(":")[2] ?? "Resource")
            .replace(/^./, (c) => c.toLowerCase())
            .replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
        const state: Record<string, unknown> = {
            ...inputs,
            arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:${kind}/${physicalName}`,
        };
        if (args.type === "aws:iam/accessKey:AccessKey") {
            Object.assign(state, inputs.pgpKey ? { encryptedSecret: "bW9jay1lbmNyeXB0ZWQ=" } : { secret: MOCK_SECRETS.secret });
        }
        if (args.type === "aws:iam/userLoginProfile:UserLoginProfile") {
            Object.assign(state, inputs.pgpKey ? { encryptedPassword: "bW9jay1lbmNyeXB0ZWQ=" } : { password: MOCK_SECRETS.password });
        }
        const id =
            args.type === "aws:iam/accessKey:AccessKey" ? `AKIA${args.name.toUpperCase().replace(/[^A-Z0-9]/g, "")}` : `${physicalName}-id`;
        return { id, state };
    },
    call: (args) => {
        const answer = callAnswers[args.token];
        return answer ? answer(args.inputs as Record<string, unknown>) : args.inputs;
    },
};
let callAnswers: NonNullable<MockRunOptions["calls"]> = {};

/**
 * Sets up the mock engine, runs `program`, waits until every registration has
 * reached the monitor, and returns what was registered.
 */
export async function runOnMockEngine<T>(
    program: () => T | Promise<T>,
    options: MockRunOptions = {},
): Promise<{ result: T; resources: RegisteredResource[] }> {
    const project = options.project ?? "redis-cloud-byoc-aws";
    pulumi.runtime.setAllConfig(
        Object.fromEntries(
            Object.entries(options.config ?? {}).map(([key, value]) => [
                key.includes(":") ? key : `${project}:${key}`,
                typeof value === "string" ? value : JSON.stringify(value),
            ]),
        ),
        (options.secretConfig ?? []).map((key) => (key.includes(":") ? key : `${project}:${key}`)),
    );
    callAnswers = options.calls ?? {};
    await pulumi.runtime.setMocks(mocks, project, options.stack ?? "mock", options.preview ?? false);

    const resources: RegisteredResource[] = [];
    const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitor;
    const registerResource = monitor.registerResource.bind(monitor);
    monitor.registerResource = async (req, callback) => {
        await registerResource(req, (err, response) => {
            if (!err) {
                resources.push({
                    urn: response.getUrn(),
                    type: req.getType(),
                    name: req.getName(),
                    custom: req.getCustom(),
                    parent: req.getParent(),
                    protect: req.getProtect() === true,
                    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
                    dependencies: req.getDependenciesList(),
                    importId: req.getImportid(),
                    ignoreChanges: req.getIgnorechangesList(),
                    inputs: deserializeProperties(req.getObject()) as Record<string, unknown>,
                });
            }
            callback(err, response);
        });
    };

    const registerResourceOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req, callback) => {
        const registered = resources.find((resource) => resource.urn === req.getUrn());
        if (registered) registered.outputs = deserializeProperties(req.getOutputs()) as Record<string, unknown>;
        registerResourceOutputs(req, callback);
    };

    const result = await program();
    // Drains every outstanding RPC (and so every registration) before returning.
    await pulumi.runtime.disconnect();
    return { result, resources };
}

/**
 * Loads a module afresh, so that its top-level code (a Pulumi program) runs
 * under the current mock engine. The library's own modules are reloaded too,
 * so that no resource class from an earlier run is reused.
 */
export function loadFresh(modulePath: string): Record<string, unknown> {
    const resolved = require.resolve(modulePath);
    const componentsDir = path.join(__dirname, "..", "components");
    for (const cached of Object.keys(require.cache)) {
        if (cached === resolved || cached.startsWith(componentsDir)) delete require.cache[cached];
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh, synchronous load is the point
    return require(resolved);
}

/** The resolved value of an Output under mocks (test-only: uses the SDK's internal promise). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return (output as unknown as { promise(): Promise<T> }).promise();
}

/** A program's exports as `pulumi stack output` would list them, with every secret one shown as "[secret]". */
export async function stackOutputs(exports: Record<string, unknown>): Promise<Record<string, unknown>> {
    const shown: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(exports)) {
        if (!pulumi.Output.isInstance(value)) continue;
        const resolved = await valueOf(value);
        if (resolved !== undefined) shown[name] = (await pulumi.isSecret(value)) ? "[secret]" : resolved;
    }
    return shown;
}

/** Whether an Output is secret. */
export const isSecret = (output: pulumi.Output<unknown>): Promise<boolean> => pulumi.isSecret(output);
