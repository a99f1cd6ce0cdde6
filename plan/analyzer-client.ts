/**
 * Starts a policy pack exactly as the Pulumi CLI does and drives it over the
 * analyzer protocol with the generated stubs in `@pulumi/pulumi/proto`:
 * `node <@pulumi/pulumi>/cmd/run-policy-pack <engine-address> <pack-dir>`,
 * with the pack folder as working directory, then GetAnalyzerInfo, Configure,
 * Analyze and AnalyzeStack. A tiny Engine server receives the pack's logs.
 *
 * gRPC and protobuf are loaded from @pulumi/pulumi's own dependency tree, or
 * the stubs' `instanceof` checks fail. The plan and the tests both use this.
 */
import { spawn } from "child_process";
import * as path from "path";
import { ENGINE_UNKNOWN } from "../policy-pack/lib/sdk-internals";
import { RegisteredResource, revealSecrets } from "./mock-engine";

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- generated JS stubs without types */
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromPulumi = (id: string) => require(require.resolve(id, { paths: [pulumiDir] }));
const grpc = fromPulumi("@grpc/grpc-js");
const structPb = fromPulumi("google-protobuf/google/protobuf/struct_pb.js");
const emptyPb = fromPulumi("google-protobuf/google/protobuf/empty_pb.js");
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb.js");
const analyzerGrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb.js");
const engineGrpc = require("@pulumi/pulumi/proto/engine_grpc_pb.js");
const enginePb = require("@pulumi/pulumi/proto/engine_pb.js");
/* eslint-enable @typescript-eslint/no-require-imports */

/** The engine's marker for a value not known during preview (the SDK's, kept with the pack's other copies of its internals). */
export const UNKNOWN = ENGINE_UNKNOWN;

export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";
const ENFORCEMENT_NUMBERS: Record<EnforcementLevel, number> = {
    advisory: analyzerPb.EnforcementLevel.ADVISORY,
    mandatory: analyzerPb.EnforcementLevel.MANDATORY,
    disabled: analyzerPb.EnforcementLevel.DISABLED,
    remediate: analyzerPb.EnforcementLevel.REMEDIATE,
};
const ENFORCEMENT_NAMES = Object.fromEntries(Object.entries(ENFORCEMENT_NUMBERS).map(([name, n]) => [n, name])) as Record<
    number,
    EnforcementLevel
>;

/** One resource as the engine describes it to an analyzer. */
export interface AnalyzerResource {
    type: string;
    name: string;
    urn?: string;
    /** Inputs (Analyze) or outputs (AnalyzeStack), plaintext, as the engine sends them; `UNKNOWN` marks preview unknowns. */
    properties: Record<string, unknown>;
    protect?: boolean;
    parent?: string;
    additionalSecretOutputs?: string[];
}

export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    message: string;
    enforcementLevel: EnforcementLevel;
    urn: string;
}

export interface PolicyInfo {
    name: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    severity: number;
    remediationSteps: string;
    configSchema: Record<string, unknown> | undefined;
}

export interface PolicyConfig {
    enforcementLevel?: EnforcementLevel;
    properties?: Record<string, unknown>;
}

/**
 * How requests reach a pack: over gRPC to a spawned pack (`AnalyzerClient.start`), or straight to the
 * SDK's own handlers in this process (the tests' in-process analyzer). Requests and responses are the
 * protocol's protobuf messages either way.
 */
export interface AnalyzerTransport {
    call(method: "getAnalyzerInfo" | "configure" | "analyze" | "analyzeStack", request: unknown): Promise<any>;
    close(): Promise<void>;
}

const grpcCall = (client: any, method: string, request: unknown): Promise<any> =>
    new Promise((resolve, reject) =>
        client[method](request, (err: Error | null, response: unknown) => (err ? reject(err) : resolve(response))),
    );

const defaultUrn = (r: AnalyzerResource) => r.urn ?? `urn:pulumi:test::test::${r.type}::${r.name}`;

function resourceOptions(r: AnalyzerResource): any {
    const options = new analyzerPb.AnalyzerResourceOptions();
    options.setProtect(r.protect === true);
    options.setAdditionalsecretoutputsList(r.additionalSecretOutputs ?? []);
    if (r.parent) options.setParent(r.parent);
    return options;
}

/** Fills the fields an AnalyzeRequest and a stack's AnalyzerResource share. */
function fillResource(message: any, r: AnalyzerResource): any {
    message.setType(r.type);
    message.setName(r.name);
    message.setUrn(defaultUrn(r));
    message.setProperties(toStruct(r.properties));
    message.setOptions(resourceOptions(r));
    return message;
}

const toStruct = (properties: Record<string, unknown>) => structPb.Struct.fromJavaScript(JSON.parse(JSON.stringify(properties)));

export class AnalyzerClient {
    private constructor(
        private readonly transport: AnalyzerTransport,
        /** What the pack logged through the engine. */
        readonly logs: string[],
    ) {}

    /** A client over any transport, for example the SDK's handlers called in-process. */
    static over(transport: AnalyzerTransport, logs: string[] = []): AnalyzerClient {
        return new AnalyzerClient(transport, logs);
    }

    /** Spawns the pack folder (already built) the way the CLI does; resolves once it prints its port. */
    static async start(packDir: string): Promise<AnalyzerClient> {
        const logs: string[] = [];
        const engine = new grpc.Server();
        engine.addService(engineGrpc.EngineService, {
            log: (req: any, cb: any) => (logs.push(req.request.getMessage()), cb(null, new emptyPb.Empty())),
            getRootResource: (_req: any, cb: any) => cb(null, new enginePb.GetRootResourceResponse()),
            setRootResource: (_req: any, cb: any) => cb(null, new enginePb.SetRootResourceResponse()),
        });
        const enginePort: number = await new Promise((resolve, reject) =>
            engine.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err: Error | null, port: number) =>
                err ? reject(err) : resolve(port),
            ),
        );
        const launcher = path.join(pulumiDir, "cmd", "run-policy-pack");
        const pack = spawn(process.execPath, [launcher, `127.0.0.1:${enginePort}`, "."], {
            cwd: packDir,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stderr = "";
        pack.stderr?.on("data", (chunk) => (stderr += chunk));
        const port: string = await new Promise((resolve, reject) => {
            let stdout = "";
            pack.stdout?.on("data", (chunk) => {
                stdout += chunk;
                const match = /^(\d+)\s*$/m.exec(stdout);
                if (match) resolve(match[1]);
            });
            pack.on("exit", (code) => reject(new Error(`policy pack exited with ${code} before serving: ${stderr.slice(0, 2000)}`)));
        });
        const client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        const close = async () => {
            client.close();
            const exited = new Promise((resolve) => pack.once("exit", resolve));
            pack.kill();
            await exited;
            await new Promise((resolve) => engine.tryShutdown(resolve));
        };
        return new AnalyzerClient({ call: (method, request) => grpcCall(client, method, request), close }, logs);
    }

    async getAnalyzerInfo(): Promise<{ name: string; version: string; policies: PolicyInfo[] }> {
        const info: any = await this.transport.call("getAnalyzerInfo", new emptyPb.Empty());
        return {
            name: info.getName(),
            version: info.getVersion(),
            policies: info.getPoliciesList().map((p: any) => ({
                name: p.getName(),
                description: p.getDescription(),
                enforcementLevel: ENFORCEMENT_NAMES[p.getEnforcementlevel()],
                severity: p.getSeverity(),
                remediationSteps: p.getRemediationSteps(),
                configSchema: p.getConfigschema()?.getProperties()?.toJavaScript(),
            })),
        };
    }

    /** As a policy group or `--policy-pack-config` does: enforcement level and config, per policy. */
    async configure(config: Record<string, PolicyConfig>): Promise<void> {
        const request = new analyzerPb.ConfigureAnalyzerRequest();
        const map = request.getPolicyconfigMap();
        for (const [policy, settings] of Object.entries(config)) {
            const policyConfig = new analyzerPb.PolicyConfig();
            policyConfig.setEnforcementlevel(ENFORCEMENT_NUMBERS[settings.enforcementLevel ?? "mandatory"]);
            policyConfig.setProperties(toStruct(settings.properties ?? {}));
            map.set(policy, policyConfig);
        }
        await this.transport.call("configure", request);
    }

    async analyze(resource: AnalyzerResource): Promise<Diagnostic[]> {
        return diagnostics(await this.transport.call("analyze", fillResource(new analyzerPb.AnalyzeRequest(), resource)));
    }

    async analyzeStack(resources: AnalyzerResource[]): Promise<Diagnostic[]> {
        const request = new analyzerPb.AnalyzeStackRequest();
        request.setResourcesList(
            resources.map((r) => {
                const resource = fillResource(new analyzerPb.AnalyzerResource(), r);
                if (r.parent) resource.setParent(r.parent);
                return resource;
            }),
        );
        return diagnostics(await this.transport.call("analyzeStack", request));
    }

    async stop(): Promise<void> {
        await this.transport.close();
    }
}

function diagnostics(response: any): Diagnostic[] {
    return response.getDiagnosticsList().map((d: any) => ({
        policyName: d.getPolicyname(),
        policyPackName: d.getPolicypackname(),
        message: d.getMessage(),
        enforcementLevel: ENFORCEMENT_NAMES[d.getEnforcementlevel()],
        urn: d.getUrn(),
    }));
}

/** A resource registered on the mock engine, as the engine would hand it to Analyze: inputs in plaintext. */
export const toAnalyzerResource = (registered: RegisteredResource): AnalyzerResource => analyzerResource(registered, registered.inputs);

/**
 * A resource registered on the mock engine, as the engine would hand it to
 * AnalyzeStack: a component's properties are the outputs it registered; the
 * mock's custom resources echo their inputs as outputs, so their inputs stand for both.
 */
export const toAnalyzerStackResource = (registered: RegisteredResource): AnalyzerResource =>
    analyzerResource(registered, registered.custom ? registered.inputs : (registered.outputs ?? {}));

function analyzerResource(registered: RegisteredResource, properties: Record<string, unknown>): AnalyzerResource {
    return {
        type: registered.type,
        name: registered.name,
        urn: registered.urn,
        properties: revealSecrets(properties) as Record<string, unknown>,
        protect: registered.protect,
        parent: registered.parent || undefined,
        additionalSecretOutputs: registered.additionalSecretOutputs,
    };
}
