/**
 * A Pulumi program in another repository that uses the published package:
 * `npm install redis-cloud-byoc-aws`, then import it like any library.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConsoleRolePolicy, RedisCloudIam } from "redis-cloud-byoc-aws";

const redis = new RedisCloudIam("redis-cloud", {
    consoleRolePolicy: ConsoleRolePolicy.UserRestrictedPolicy,
    tags: { team: "platform", "cost-center": "databases" },
    // Redis Cloud's API and its Terraform resource also ask for a console password.
    consoleLogin: true,
    consolePasswordLength: 40,
});

/** The three values for the Redis Cloud console; secret because it holds the secret key. */
export const redisCloudConsole = redis.redisCloudConsole;
export const accessKeyId = redis.accessKeyId;
export const consoleRoleArn = redis.consoleRoleArn;
export const consoleRolePolicyName = redis.consoleRolePolicyName;
export const consoleUsername = redis.consoleUsername;
export const consolePassword = redis.consolePassword;
export const signInUrl = redis.signInUrl;
/** Outputs compose with the consumer's own values as usual. */
export const summary = pulumi.interpolate`${redis.userName} may assume ${redis.consoleRoleName}`;
