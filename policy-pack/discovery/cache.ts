/**
 * Discovery's file cache: one small JSON file per account, region, tag key
 * and endpoint, under `<os.tmpdir()>/redis-cloud-byoc-aws-discovery-<uid>/`,
 * reused for `cacheSeconds`. The folder is the user's own (mode 0700, owner
 * checked before each use), because an entry that another local user could
 * write would let them empty the list of what the pack protects.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REDIS_MANAGED_ID_PATTERN } from "../../core/redis-discovery";
import { isRecord } from "../../core/values";

const ID = new RegExp(REDIS_MANAGED_ID_PATTERN);
/** An entry stamped in the future by more than this is not trusted (a clock moved back). */
const CLOCK_SKEW_MS = 60_000;

/** What an entry is for: a cached answer is reused only for the same question. */
export interface CacheKey {
    accountId: string;
    region: string;
    tagKey: string;
    /** `AWS_ENDPOINT_URL`, or "" for AWS itself: an emulator's answers never stand for AWS's. */
    endpoint: string;
}

/** The cache folder of this user: where the README says discovery's answers live. */
export function cacheDirectory(): string {
    const uid = typeof process.getuid === "function" ? String(process.getuid()) : os.userInfo().username.replace(/[^\w-]/g, "_");
    return path.join(os.tmpdir(), `redis-cloud-byoc-aws-discovery-${uid}`);
}

const entryFile = (key: CacheKey) =>
    path.join(
        cacheDirectory(),
        `${createHash("sha256")
            .update(JSON.stringify([key.accountId, key.region, key.tagKey, key.endpoint]))
            .digest("hex")
            .slice(0, 32)}.json`,
    );

/** The folder, created if missing; undefined when it is not this user's alone (then nothing is read or written). */
function ownFolder(): string | undefined {
    const dir = cacheDirectory();
    try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        const stat = fs.lstatSync(dir);
        const ownerOk = typeof process.getuid !== "function" || stat.uid === process.getuid();
        return stat.isDirectory() && ownerOk && (stat.mode & 0o077) === 0 ? dir : undefined;
    } catch {
        return undefined;
    }
}

/** The cached IDs, if an entry for this key is younger than `maxAgeMs`; anything unreadable or malformed counts as missing. */
export function readCache(key: CacheKey, maxAgeMs: number, now: number): string[] | undefined {
    if (maxAgeMs <= 0 || !ownFolder()) return undefined;
    try {
        const entry: unknown = JSON.parse(fs.readFileSync(entryFile(key), "utf8"));
        if (!isRecord(entry) || typeof entry.at !== "number" || !Array.isArray(entry.ids)) return undefined;
        const sameKey = entry.accountId === key.accountId && entry.region === key.region && entry.tagKey === key.tagKey;
        const fresh = now - entry.at < maxAgeMs && entry.at <= now + CLOCK_SKEW_MS;
        const ids = entry.ids.filter((id): id is string => typeof id === "string" && ID.test(id));
        return sameKey && fresh && ids.length === entry.ids.length && entry.endpoint === key.endpoint ? ids : undefined;
    } catch {
        return undefined;
    }
}

/** Stores an answer (atomically: a private temporary file renamed into place); a cache that cannot be written is skipped. */
export function writeCache(key: CacheKey, ids: readonly string[], now: number): void {
    const dir = ownFolder();
    if (!dir) return;
    const file = entryFile(key);
    const temporary = `${file}.${process.pid}.${now}.tmp`;
    try {
        fs.writeFileSync(temporary, JSON.stringify({ ...key, at: now, ids }), { mode: 0o600, flag: "wx" });
        fs.renameSync(temporary, file);
    } catch {
        fs.rmSync(temporary, { force: true });
    }
}
