/**
 * moto's AWS emulator as a real HTTP endpoint on loopback, for `npm run test:aws`.
 *
 * It installs nothing: `moto_server` must already be on PATH
 * (`pip install -r requirements-aws-tests.txt`). One server serves the whole
 * run, on a free port of 127.0.0.1; every test starts from an empty account
 * (moto's reset endpoint), and the server is stopped at the end.
 */
import { ChildProcess, spawn } from "child_process";
import * as net from "net";
import { IAMClient, ListUsersCommand } from "@aws-sdk/client-iam";

const HOST = "127.0.0.1";
const READY_TIMEOUT_MS = 30_000;
const INSTALL_HINT = "install it with `pip install -r requirements-aws-tests.txt`";

/** Credentials moto accepts; never real ones. */
export const MOTO_CREDENTIALS = { AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing" } as const;
/** The account ID moto gives the default credentials. */
export const MOTO_ACCOUNT_ID = "123456789012";

/** A free loopback port: nothing listens on it once this resolves (also the tests' "unreachable endpoint"). */
export function freeLoopbackPort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, HOST, () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

export interface MotoOptions {
    loadManagedPolicies?: boolean;
    /** Authorise requests by IAM policies once `enforceIamNow` is called (moto's INITIAL_NO_AUTH_ACTION_COUNT). */
    enforceIam?: boolean;
}
/** Enough for any fixture; `enforceIamNow` uses up the rest. */
const NO_AUTH_ACTIONS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class MotoServer {
    private constructor(
        private readonly child: ChildProcess,
        /** `http://127.0.0.1:<port>`: what `AWS_ENDPOINT_URL` is set to. */
        readonly endpoint: string,
        private readonly enforceIam = false,
    ) {}

    /** Starts `moto_server` and resolves once it answers HTTP. */
    static async start(options: MotoOptions = {}): Promise<MotoServer> {
        const port = await freeLoopbackPort();
        const child = spawn("moto_server", ["-H", HOST, "-p", String(port)], {
            stdio: ["ignore", "ignore", "pipe"],
            // AWS-managed policies (AdministratorAccess, ...) exist in every real account; moto creates them only when
            // asked (its config endpoint cannot ask for IAM), at the first IAM call after each reset, which then takes ~2 s.
            env: {
                ...process.env,
                MOTO_IAM_LOAD_MANAGED_POLICIES: options.loadManagedPolicies ? "true" : "false",
                // moto authorises requests by IAM policies only after this many actions since the last reset.
                ...(options.enforceIam ? { INITIAL_NO_AUTH_ACTION_COUNT: String(NO_AUTH_ACTIONS) } : {}),
            },
        });
        let stderr = "";
        child.stderr?.on("data", (chunk) => (stderr = (stderr + chunk).slice(-2000)));
        const exited = new Promise<Error>((resolve) => {
            child.once("error", (error: NodeJS.ErrnoException) =>
                resolve(error.code === "ENOENT" ? new Error(`moto_server is not on PATH: ${INSTALL_HINT}`) : error),
            );
            child.once("exit", (code) => resolve(new Error(`moto_server exited with code ${code} before answering:\n${stderr}`)));
        });
        const server = new MotoServer(child, `http://${HOST}:${port}`, options.enforceIam);
        const deadline = Date.now() + READY_TIMEOUT_MS;
        let failure: Error | undefined;
        void exited.then((error) => (failure = error));
        while (Date.now() < deadline) {
            if (failure) throw failure;
            if (await server.answers()) return server;
            await sleep(100);
        }
        await server.stop();
        throw new Error(`moto_server did not answer on ${server.endpoint} within ${READY_TIMEOUT_MS / 1000} s:\n${stderr}`);
    }

    private async answers(): Promise<boolean> {
        try {
            return (await fetch(`${this.endpoint}/moto-api/`)).ok;
        } catch {
            return false;
        }
    }

    /**
     * Empties every emulated service (moto's reset endpoint). moto's reset
     * leaves its count of unauthorised actions where it was, so a server that
     * enforces IAM also gets its count restarted (moto's reset-auth endpoint):
     * every test then has the same actions before `enforceIamNow`.
     */
    async reset(): Promise<void> {
        const response = await fetch(`${this.endpoint}/moto-api/reset`, { method: "POST" });
        if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
        if (!this.enforceIam) return;
        const auth = await fetch(`${this.endpoint}/moto-api/reset-auth`, { method: "POST", body: String(NO_AUTH_ACTIONS) });
        if (!auth.ok) throw new Error(`moto reset-auth failed: HTTP ${auth.status}`);
    }

    /**
     * From now on, until the next reset, moto authenticates every request and
     * authorises it by the caller's IAM policies. moto counts actions since the
     * reset: this spends the rest with calls by an unknown key, which succeed
     * until enforcement starts and are refused from then on.
     */
    async enforceIamNow(): Promise<void> {
        const probe = new IAMClient({
            endpoint: this.endpoint,
            region: "us-east-1",
            credentials: { accessKeyId: "AKIAUNKNOWNPROBE0000", secretAccessKey: "unknown" },
        });
        for (let i = 0; i <= NO_AUTH_ACTIONS; i++) {
            try {
                await probe.send(new ListUsersCommand({}));
            } catch (error) {
                if ((error as Error).name === "InvalidClientTokenId") return;
                throw error;
            }
        }
        throw new Error("moto never started enforcing IAM: start it with { enforceIam: true }");
    }

    /** The environment an AWS SDK v3 client (or the audit command) needs to talk to this server. */
    environment(): Record<string, string> {
        return { AWS_ENDPOINT_URL: this.endpoint, AWS_REGION: "us-east-1", ...MOTO_CREDENTIALS };
    }

    async stop(): Promise<void> {
        if (this.child.exitCode !== null || this.child.signalCode !== null) return;
        const exited = new Promise((resolve) => this.child.once("exit", resolve));
        this.child.kill("SIGTERM");
        await Promise.race([exited, sleep(5_000)]);
        if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
    }
}
