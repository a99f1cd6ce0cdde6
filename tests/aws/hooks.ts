/**
 * Mocha root hooks for `npm run test:aws`: one moto server for the run, an
 * empty account for every test, and the SDK pointed at it through the
 * environment, exactly as a user would point the audit at an endpoint.
 */
import { MotoOptions, MotoServer } from "./moto-server";

let server: MotoServer | undefined;
/** Servers started with other options, by the first test that needs each (moto takes them only at start). */
const variants = new Map<string, MotoServer>();

/** The running server; only inside a test. */
export function moto(): MotoServer {
    if (!server) throw new Error("moto is not running: run these tests with `npm run test:aws`");
    return server;
}

/** Points the SDK, for the rest of this test, at an empty account of a server started with `options`. */
export async function useVariant(options: MotoOptions): Promise<MotoServer> {
    const key = JSON.stringify(options);
    let server = variants.get(key);
    if (!server) variants.set(key, (server = await MotoServer.start(options)));
    await server.reset();
    Object.assign(process.env, server.environment());
    return server;
}

/** An empty account that holds AWS-managed policies (AdministratorAccess, ...), as every real account does. */
export const useAccountWithManagedPolicies = () => useVariant({ loadManagedPolicies: true });

export const mochaHooks = {
    async beforeAll(this: Mocha.Context) {
        this.timeout(60_000);
        server = await MotoServer.start();
        // No profile or credential file of the machine may leak in: only moto's test credentials.
        delete process.env.AWS_PROFILE;
        delete process.env.AWS_SESSION_TOKEN;
        Object.assign(process.env, server.environment(), { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" });
    },
    async beforeEach() {
        await moto().reset();
        Object.assign(process.env, moto().environment());
    },
    async afterAll() {
        await Promise.all([server?.stop(), ...[...variants.values()].map((variant) => variant.stop())]);
        server = undefined;
        variants.clear();
    },
};
