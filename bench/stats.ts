/** Summaries of repeated measurements: the median and the spread, never a single run. */

export interface Summary {
    n: number;
    median: number;
    min: number;
    max: number;
    q1: number;
    q3: number;
}

/** Linear interpolation between closest ranks (the usual "type 7" quantile). */
function quantile(sorted: readonly number[], q: number): number {
    const position = (sorted.length - 1) * q;
    const below = Math.floor(position);
    const above = Math.ceil(position);
    return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

export function summarize(samples: readonly number[]): Summary {
    if (samples.length === 0) throw new Error("no samples to summarize");
    const sorted = [...samples].sort((a, b) => a - b);
    return {
        n: sorted.length,
        median: quantile(sorted, 0.5),
        min: sorted[0],
        max: sorted[sorted.length - 1],
        q1: quantile(sorted, 0.25),
        q3: quantile(sorted, 0.75),
    };
}

/** Significant digits that suit the magnitude: 1234 → "1234", 12.34 → "12.3", 1.234 → "1.23". */
export function formatNumber(value: number): string {
    const magnitude = Math.abs(value);
    const digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2;
    return value.toFixed(digits);
}

/** "412 ms (397–516, n=5)": the median, then min–max. */
export function formatSummary(summary: Summary, unit: string): string {
    return `${formatNumber(summary.median)} ${unit} (${formatNumber(summary.min)}–${formatNumber(summary.max)}, n=${summary.n})`;
}

/** Applies `f` to every figure of a summary (per-resource cost from total time, seconds from milliseconds...). */
export function scaleSummary(summary: Summary, f: (value: number) => number): Summary {
    return { n: summary.n, median: f(summary.median), min: f(summary.min), max: f(summary.max), q1: f(summary.q1), q3: f(summary.q3) };
}

export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Runs `measure` `runs` times in sequence and returns the samples it reports (milliseconds or anything else). */
export async function repeat(runs: number, measure: (run: number) => Promise<number> | number): Promise<number[]> {
    const samples: number[] = [];
    for (let run = 0; run < runs; run++) samples.push(await measure(run));
    return samples;
}
