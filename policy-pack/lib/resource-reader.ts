/**
 * Reading resource properties that can be anything: a pack runs on every
 * resource of every stack, so every reader tolerates missing, null, wrongly
 * typed and oversized values and returns `undefined` instead of throwing.
 *
 * Reads go through the SDK's unknown-checking proxy: touching a value that is
 * unknown during preview throws the SDK's UnknownValueError, which the SDK
 * turns into its "can't run policy during preview" advisory. Readers therefore
 * touch only the fields a decision needs.
 */

import { UnknownValueError } from "@pulumi/policy";
import { isRecord } from "../../core/values";

export type Props = Record<string, unknown>;

/**
 * A read whose value may be unknown during preview without that being worth
 * the SDK's advisory: `undefined` then, and the decision waits for `pulumi up`,
 * where every input is known.
 */
export function readIfKnown<T>(read: () => T): T | undefined {
    try {
        return read();
    } catch (error) {
        if (error instanceof UnknownValueError) return undefined;
        throw error;
    }
}

/** Providers receive object-typed settings as JSON text (`defaultTags` is one); other strings are left alone. */
function parsedIfJsonObject(value: unknown): unknown {
    if (typeof value !== "string" || !value.startsWith("{")) return value;
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

/** A parsed path segment: a field, and whether its value is a list to step into (`name[]`). */
interface Segment {
    field: string;
    each: boolean;
}
/** Paths come from the policies' constant tables: parse each once. */
const parsedPaths = new Map<string, Segment[]>();
function segmentsOf(path: string): Segment[] {
    let segments = parsedPaths.get(path);
    if (!segments) {
        segments = path.split(".").map((part) => ({ field: part.replace(/\[\]$/, ""), each: part.endsWith("[]") }));
        parsedPaths.set(path, segments);
    }
    return segments;
}

/** The one value at a path without `[]` (such as `defaultTags.tags`), or `undefined`. Allocation-free: it runs on every resource. */
export function readPath(props: unknown, path: string): unknown {
    let current: unknown = props;
    for (const { field } of segmentsOf(path)) {
        current = parsedIfJsonObject(current);
        if (!isRecord(current)) return undefined;
        current = current[field];
    }
    return current;
}

/**
 * Every value at a path such as `iamInstanceProfile.name` or
 * `tagSpecifications[].tags` (`[]` steps into each element of a list).
 */
export function readValues(props: unknown, path: string): unknown[] {
    const segments = segmentsOf(path);
    if (!segments.some((segment) => segment.each)) {
        const value = readPath(props, path);
        return value === undefined ? [] : [value];
    }
    let current: unknown[] = [props];
    for (const { field, each } of segments) {
        const next: unknown[] = [];
        for (const value of current) {
            const parent = parsedIfJsonObject(value);
            if (!isRecord(parent)) continue;
            const child = parent[field];
            if (each) {
                if (Array.isArray(child)) next.push(...child);
            } else if (child !== undefined) next.push(child);
        }
        current = next;
    }
    return current;
}

export function readString(props: unknown, path: string): string | undefined {
    const value = readPath(props, path);
    return typeof value === "string" ? value : undefined;
}

/** Every string at a path whose fields hold one ID or a list of IDs; other entries are ignored. */
export function readStrings(props: unknown, path: string): string[] {
    return readValues(props, path).flatMap(stringsIn);
}
const stringsIn = (value: unknown): string[] =>
    typeof value === "string" ? [value] : Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];

/** The type of a resource's parent, from its URN (`...::<parent types joined by $>::<name>`), known at preview. */
export function parentType(parentUrn: string | undefined): string | undefined {
    if (typeof parentUrn !== "string") return undefined;
    const parts = parentUrn.split("::");
    if (parts.length < 4) return undefined;
    const typeChain = parts[2].split("$");
    return typeChain[typeChain.length - 1];
}
