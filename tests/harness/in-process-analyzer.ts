/**
 * The guard pack's analyzer in this process, for the unit tests: the SDK's own
 * request handlers (`@pulumi/policy` server.js, what `new PolicyPack` serves)
 * called with the same protobuf messages the CLI sends, so every case goes
 * through the SDK's deserialisation, its unknown-checking proxy, its config and
 * enforcement handling and its diagnostics, without spawning a pack or opening
 * a socket. `tests/policy-pack/protocol.test.ts` keeps the gRPC path the CLI
 * uses and shows both give the same answers.
 *
 * How: server.js is loaded as a fresh module instance whose `@grpc/grpc-js` is
 * this file's stand-in `Server`, which records the handlers `serve()` adds and
 * never listens. A fresh instance per analyzer also gives each its own
 * Configure state, as each spawned pack has. Everything else server.js
 * requires (the proxy, the policies' `@pulumi/policy`) is the shared module, so
 * an `UnknownValueError` thrown by a policy is the class the handler catches.
 */
import * as fs from "fs";
import Module from "module";
import * as path from "path";
import { PACK_ARGS, PACK_NAME } from "../../policy-pack/policies";
import { AnalyzerClient, AnalyzerTransport } from "../../plan/analyzer-client";
import { REPO_ROOT } from "../helpers";

type Handler = (call: { request: unknown }, callback: (error: Error | null | undefined, response: unknown) => void) => void;
type Serve = (name: string, version: string, enforcementLevel: string, args: unknown, initialConfig: unknown) => void;

const SERVER_JS = require.resolve("@pulumi/policy/server");
const PACK_VERSION: string = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "policy-pack", "package.json"), "utf8")).version;

/** server.js, evaluated afresh, with a gRPC whose Server hands over the handlers instead of serving them. */
function loadServe(onHandlers: (handlers: Record<string, Handler>) => void): Serve {
    /* eslint-disable @typescript-eslint/no-require-imports -- the SDK's own grpc-js, the one server.js resolves */
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [path.dirname(SERVER_JS)] }));
    /* eslint-enable @typescript-eslint/no-require-imports */
    class RecordingServer {
        addService(_service: unknown, handlers: Record<string, Handler>): void {
            onHandlers(handlers);
        }
        bindAsync(): void {}
    }
    const instance = new Module(SERVER_JS, module);
    instance.filename = SERVER_JS;
    instance.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(SERVER_JS));
    const requireShared = instance.require.bind(instance);
    instance.require = ((id: string) =>
        id === "@grpc/grpc-js" ? { ...grpc, Server: RecordingServer } : requireShared(id)) as NodeJS.Require;
    (instance as unknown as { _compile(source: string, filename: string): void })._compile(fs.readFileSync(SERVER_JS, "utf8"), SERVER_JS);
    return (instance.exports as { serve: Serve }).serve;
}

/** An AnalyzerClient over the pack's policies, served by the SDK's handlers in this process. */
export function startInProcessAnalyzer(): AnalyzerClient {
    let handlers: Record<string, Handler> | undefined;
    const serve = loadServe((added) => (handlers = added));
    serve(PACK_NAME, PACK_VERSION, PACK_ARGS.enforcementLevel ?? "advisory", PACK_ARGS, undefined);
    if (!handlers) throw new Error("@pulumi/policy's serve() added no analyzer service: the SDK's server changed");
    const served = handlers;
    const transport: AnalyzerTransport = {
        call: (method, request) =>
            new Promise((resolve, reject) => {
                const handler = served[method];
                if (!handler) return reject(new Error(`@pulumi/policy serves no "${method}" handler`));
                handler({ request }, (error, response) => (error ? reject(error) : resolve(response)));
            }),
        close: async () => {},
    };
    return AnalyzerClient.over(transport);
}
