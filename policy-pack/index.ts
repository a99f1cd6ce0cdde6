/**
 * The `redis-cloud-byoc-guard` CrossGuard pack: no stack may change what Redis
 * Cloud manages. The Pulumi CLI starts this file (compiled, from package.json
 * "main") with `run-policy-pack`; `new PolicyPack` serves the analyzer.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_ARGS, PACK_NAME } from "./policies";

new PolicyPack(PACK_NAME, PACK_ARGS);
