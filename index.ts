/**
 * The per-account program that `pulumi up` runs: one `RedisCloudIam` per AWS
 * account, configured from stack config (see README, "Options").
 */
import * as pulumi from "@pulumi/pulumi";
// From the library entry point: Pulumi's schema inference for `pulumi package add` starts here and follows it.
import { RedisCloudIam } from "./components";
import { readRedisCloudIamArgs } from "./components/stack-config";

const redis = new RedisCloudIam("redis-cloud", readRedisCloudIamArgs(new pulumi.Config()));

/** What the Redis Cloud console's "Add cloud account" form asks for; `secretAccessKey` stays secret. */
export const redisCloudConsole = redis.redisCloudConsole;
export const accessKeyId = redis.accessKeyId;
export const secretAccessKey = redis.secretAccessKey;
export const encryptedSecretAccessKey = redis.encryptedSecretAccessKey;
export const consoleRoleName = redis.consoleRoleName;
export const consoleRoleArn = redis.consoleRoleArn;
export const nodeRoleArn = redis.nodeRoleArn;
export const instanceProfileArn = redis.instanceProfileArn;
export const userArn = redis.userArn;
export const consoleUsername = redis.consoleUsername;
export const consolePassword = redis.consolePassword;
export const encryptedConsolePassword = redis.encryptedConsolePassword;
export const signInUrl = redis.signInUrl;
