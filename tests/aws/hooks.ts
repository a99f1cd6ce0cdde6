/**
 * Mocha root hooks for `npm run test:aws`: one moto server for the run, an
 * empty account for every test, and the SDK pointed at it through the
 * environment, exactly as a user would point the audit at an endpoint.
 */
import { MotoServer } from "./moto-server";

let server: MotoServer | undefined;
/** A second server whose accounts hold AWS-managed policies; started by the first test that needs one. */
let withManagedPolicies: MotoServer | undefined;

/** The running server; only inside a test. */
export function moto(): MotoServer {
    if (!server) throw new Error("moto is not running: run these tests with `npm run test:aws`");
    return server;
}

/** Points the SDK, for the rest of this test, at an empty account that holds AWS-managed policies (AdministratorAccess, ...). */
export async function useAccountWithManagedPolicies(): Promise<MotoServer> {
    withManagedPolicies ??= await MotoServer.start({ loadManagedPolicies: true });
    await withManagedPolicies.reset();
    Object.assign(process.env, withManagedPolicies.environment());
    return withManagedPolicies;
}

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
        await Promise.all([server?.stop(), withManagedPolicies?.stop()]);
        server = withManagedPolicies = undefined;
    },
};
