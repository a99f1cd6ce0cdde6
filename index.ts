/**
 * The per-account program that `pulumi up` runs: one `RedisCloudIam` per AWS
 * account, configured from stack config (see docs/deploy.md, "Options and outputs"),
 * and with `registerCloudAccount` its registration with Redis Cloud (`RedisCloudAccount`).
 */
import * as pulumi from "@pulumi/pulumi";
// From the library entry point: Pulumi's schema inference for `pulumi package add` starts here and follows it.
import { RedisCloudIam } from "./components";
import { RedisCloudAccount } from "./components/redis-cloud-account";
import { readCloudAccountRegistration, readRedisCloudIamArgs } from "./components/stack-config";

const config = new pulumi.Config();
const iamArgs = readRedisCloudIamArgs(config);
// Checked before anything is registered: a bad registration setting stops the preview with nothing planned.
const registration = readCloudAccountRegistration(config, iamArgs);
const redis = new RedisCloudIam("redis-cloud", iamArgs);

const cloudAccount =
    registration &&
    new RedisCloudAccount(
        "redis-cloud-account",
        {
            name: registration.name,
            accessKeyId: redis.accessKeyId,
            accessSecretKey: redis.secretAccessKey,
            consoleUsername: redis.consoleUsername!,
            consolePassword: redis.consolePassword!,
            signInLoginUrl: redis.signInUrl!,
            apiKey: registration.apiKey,
            apiSecretKey: registration.apiSecretKey,
        },
        // Protected like every Redis resource; it depends on all of the component's children, so a destroy deregisters first.
        { protect: iamArgs.protectResources ?? true, dependsOn: [redis] },
    );

/** The stack outputs. Those that only exist with `consoleLogin` or `pgpKey` are left out rather than exported as undefined, which the CLI warns about in every update. */
const outputs: Record<string, pulumi.Output<unknown> | undefined> = {
    /** What the Redis Cloud console's "Add cloud account" form asks for; `secretAccessKey` stays secret. */
    redisCloudConsole: redis.redisCloudConsole,
    accessKeyId: redis.accessKeyId,
    secretAccessKey: redis.secretAccessKey,
    encryptedSecretAccessKey: redis.encryptedSecretAccessKey,
    consoleRoleName: redis.consoleRoleName,
    consoleRoleArn: redis.consoleRoleArn,
    nodeRoleArn: redis.nodeRoleArn,
    instanceProfileArn: redis.instanceProfileArn,
    userArn: redis.userArn,
    consoleUsername: redis.consoleUsername,
    consolePassword: redis.consolePassword,
    encryptedConsolePassword: redis.encryptedConsolePassword,
    signInUrl: redis.signInUrl,
    /** With `registerCloudAccount`: Redis Cloud's ID of the registered account, and the access key ID it holds. */
    redisCloudAccountId: cloudAccount?.cloudAccountId,
    redisCloudAccessKeyId: cloudAccount?.accessKeyId,
};

export = Object.fromEntries(Object.entries(outputs).filter(([, value]) => value !== undefined));
