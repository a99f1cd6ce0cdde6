/**
 * The package's Pulumi type tokens, `<package>:index:<Class>` as multi-language
 * packages require. Dependency-free, so the guard pack can compile it in.
 */
export const REDIS_CLOUD_IAM_TYPE = "redis-cloud-byoc-aws:index:RedisCloudIam";
export const REDIS_MANAGED_GUARDRAIL_TYPE = "redis-cloud-byoc-aws:index:RedisManagedGuardrail";
/**
 * The dynamic resources' tokens: a Node dynamic provider's resources are
 * `pulumi-nodejs:dynamic/<module>:<type>`. `RedisCloudIam` holds one
 * retirement gate while two access keys are live; the program registers the
 * cloud account beside it.
 */
export const ACCESS_KEY_RETIREMENT_GATE_TYPE = "pulumi-nodejs:dynamic/redis-cloud-byoc-aws:AccessKeyRetirementGate";
export const REDIS_CLOUD_ACCOUNT_TYPE = "pulumi-nodejs:dynamic/redis-cloud-byoc-aws:RedisCloudAccount";
