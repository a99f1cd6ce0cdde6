/**
 * The package's Pulumi type tokens, `<package>:index:<Class>` as multi-language
 * packages require. Dependency-free, so the guard pack can compile it in.
 */
export const REDIS_CLOUD_IAM_TYPE = "redis-cloud-byoc-aws:index:RedisCloudIam";
export const REDIS_MANAGED_GUARDRAIL_TYPE = "redis-cloud-byoc-aws:index:RedisManagedGuardrail";
