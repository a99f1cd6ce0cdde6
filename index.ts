/**
 * The per-account program that `pulumi up` runs: one `RedisCloudIam` per AWS
 * account, configured from stack config (see docs/deploy.md, "Options and outputs").
 */
import * as pulumi from "@pulumi/pulumi";
// From the library entry point: Pulumi's schema inference for `pulumi package add` starts here and follows it.
import { RedisCloudIam } from "./components";
import { readRedisCloudIamArgs } from "./components/stack-config";

const redis = new RedisCloudIam("redis-cloud", readRedisCloudIamArgs(new pulumi.Config()));

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
};

export = Object.fromEntries(Object.entries(outputs).filter(([, value]) => value !== undefined));
