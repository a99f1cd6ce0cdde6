/**
 * The docs hold together: every relative link and heading anchor in every
 * tracked Markdown file resolves (GitHub's heading slugs), every pointer of
 * the product code to a guide (`(docs/rotation.md)`, `(README, "Heading")`)
 * names a file and heading that exist, and the README stays short and links
 * every guide in docs/.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../helpers";

/** Markdown files that are copies of external pages, whose links point into someone else's site. */
const FOREIGN = [/^tests\/fixtures\//];
const README_MAX_LINES = 200;
const README_MAX_PARAGRAPH = 500;

/** The anchor GitHub gives a heading: lower case, punctuation other than `-` and `_` dropped, each space a `-`. */
export function githubSlug(heading: string): string {
    const text = heading
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1") // a link shows its text
        .replace(/<[^>]+>/g, ""); // inline HTML shows nothing of its tags
    return text
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
        .replace(/ /g, "-");
}

/** Each line with whether it is inside a fenced code block (the fence lines themselves count as inside). */
function linesOutsideCode(markdown: string): { line: string; number: number }[] {
    const result: { line: string; number: number }[] = [];
    let fence: string | undefined;
    markdown.split("\n").forEach((line, index) => {
        const opener = /^\s*(`{3,}|~{3,})/.exec(line);
        if (fence === undefined && opener) {
            fence = opener[1];
            return;
        }
        if (fence !== undefined) {
            if (line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, "") === "") fence = undefined;
            return;
        }
        result.push({ line, number: index + 1 });
    });
    return result;
}

/** The anchors of a Markdown text's headings, in order, with GitHub's `-1`, `-2` for repeats. */
export function headingAnchors(markdown: string): string[] {
    const seen = new Map<string, number>();
    const anchors: string[] = [];
    for (const heading of headingTexts(markdown)) {
        const slug = githubSlug(heading);
        const count = seen.get(slug) ?? 0;
        seen.set(slug, count + 1);
        anchors.push(count === 0 ? slug : `${slug}-${count}`);
    }
    return anchors;
}

/** The text of each ATX heading outside code blocks, with inline code marks removed. */
export function headingTexts(markdown: string): string[] {
    return linesOutsideCode(markdown).flatMap(({ line }) => {
        const match = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
        return match ? [match[1].replace(/`/g, "")] : [];
    });
}

/** Every link target outside code blocks and code spans, with its line number. */
export function linkTargets(markdown: string): { target: string; line: number }[] {
    return linesOutsideCode(markdown).flatMap(({ line, number }) =>
        [...line.replace(/`[^`]*`/g, "").matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => ({
            target: match[1],
            line: number,
        })),
    );
}

export interface DocFiles {
    exists(absolutePath: string): boolean;
    read(absolutePath: string): string;
}

const diskFiles: DocFiles = {
    exists: (absolutePath) => fs.existsSync(absolutePath),
    read: (absolutePath) => fs.readFileSync(absolutePath, "utf8"),
};

/** What is wrong with the relative links of `file` (a path relative to `root`), one message each. */
export function brokenLinks(root: string, file: string, markdown: string, files: DocFiles = diskFiles): string[] {
    const problems: string[] = [];
    for (const { target, line } of linkTargets(markdown)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto: and other schemes
        const hash = target.indexOf("#");
        const pathPart = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
        const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
        const absolute = pathPart === "" ? path.join(root, file) : path.resolve(root, path.dirname(file), pathPart);
        const where = `${file}:${line}: (${target})`;
        if (!files.exists(absolute)) {
            problems.push(`${where}: no file ${path.relative(root, absolute)}`);
            continue;
        }
        if (anchor === undefined) continue;
        if (!absolute.endsWith(".md")) {
            problems.push(`${where}: an anchor into a file that is not Markdown`);
            continue;
        }
        const text = pathPart === "" ? markdown : files.read(absolute);
        if (!headingAnchors(text).includes(anchor))
            problems.push(`${where}: no heading with anchor #${anchor} in ${path.relative(root, absolute)}`);
    }
    return problems;
}

/** Pointers of the product code to a guide: `(docs/x.md)`, `docs/x.md, "Heading"` and `README, "Heading"`. */
export function docPointers(source: string): { file: string; heading?: string }[] {
    const pointers: { file: string; heading?: string }[] = [];
    for (const match of source.matchAll(/\b(README|docs\/[\w.-]+\.md)(?:, \\?"([^"\\]+)\\?")?/g)) {
        if (match[1] === "README" && match[2] === undefined) continue; // "the pack's README", a README in general
        pointers.push({ file: match[1] === "README" ? "README.md" : match[1], heading: match[2] });
    }
    return pointers;
}

function trackedFiles(...patterns: string[]): string[] {
    return execFileSync("git", ["ls-files", "-z", "--", ...patterns], { cwd: REPO_ROOT, encoding: "utf8" })
        .split("\0")
        .filter((file) => file && fs.existsSync(path.join(REPO_ROOT, file)));
}

/** README paragraphs and list items (not code, tables or headings), as single lines. */
function paragraphs(markdown: string): string[] {
    const blocks: string[][] = [[]];
    let previous = 0;
    for (const { line, number } of linesOutsideCode(markdown)) {
        const item = /^\s*([-*]|\d+\.)\s/.test(line);
        if (number !== previous + 1 || line.trim() === "" || item || /^\s*(#|\|)/.test(line)) blocks.push([]);
        if (line.trim() !== "" && !/^\s*(#|\|)/.test(line)) blocks[blocks.length - 1].push(line.trim());
        previous = number;
    }
    return blocks.filter((block) => block.length > 0).map((block) => block.join(" "));
}

describe("the link checker", () => {
    it("slugs headings as GitHub does", () => {
        assert.strictEqual(githubSlug("What needs what"), "what-needs-what");
        assert.strictEqual(githubSlug("Operator's guide"), "operators-guide");
        assert.strictEqual(githubSlug("Values set with `--path`"), "values-set-with---path");
        assert.strictEqual(
            githubSlug("Deploy it (needs the Pulumi CLI and AWS credentials)"),
            "deploy-it-needs-the-pulumi-cli-and-aws-credentials",
        );
        assert.strictEqual(githubSlug("AWS-side backstop: RedisManagedGuardrail"), "aws-side-backstop-redismanagedguardrail");
        assert.strictEqual(
            githubSlug("Other mutating actions (data: ADDITIONAL_PROTECTED_ACTIONS)"),
            "other-mutating-actions-data-additional_protected_actions",
        );
    });

    it("numbers repeated headings -1, -2 and ignores headings in code blocks", () => {
        assert.deepStrictEqual(headingAnchors("# Steps\n\n## Steps\n\n```sh\n# Steps\n```\n\n### Steps\n"), [
            "steps",
            "steps-1",
            "steps-2",
        ]);
    });

    it("finds a broken file link and a broken anchor, and ignores code, external links and good links", () => {
        const files: DocFiles = {
            exists: (p) => p === "/repo/docs/guide.md" || p === "/repo/README.md",
            read: (p) => (p === "/repo/README.md" ? "# Title\n\n## Deploy it\n" : ""),
        };
        const markdown = [
            "# Guide",
            "## Good",
            "[same file](#good) [other file](../README.md#deploy-it) [file](../README.md) [web](https://example.com/x.md#nope) [mail](mailto:a@b.c)",
            "[missing file](nothing.md) and [missing anchor](../README.md#deploy) and [here](#bad)",
            "`[in code span](gone.md)`",
            "```md",
            "[in a code block](gone.md#nowhere)",
            "```",
        ].join("\n");
        assert.deepStrictEqual(brokenLinks("/repo", "docs/guide.md", markdown, files), [
            "docs/guide.md:4: (nothing.md): no file docs/nothing.md",
            "docs/guide.md:4: (../README.md#deploy): no heading with anchor #deploy in README.md",
            "docs/guide.md:4: (#bad): no heading with anchor #bad in docs/guide.md",
        ]);
    });

    it("reads pointers to guides out of code", () => {
        assert.deepStrictEqual(
            docPointers(
                `rotate it (docs/rotation.md); see "x" (docs/audit-and-adoption.md, "Read-only policy"); (README, "Adopt"); the pack's README`,
            ),
            [
                { file: "docs/rotation.md", heading: undefined },
                { file: "docs/audit-and-adoption.md", heading: "Read-only policy" },
                { file: "README.md", heading: "Adopt" },
            ],
        );
        assert.deepStrictEqual(docPointers(String.raw`"description": "what was there (docs/deploy.md, \"Options and outputs\")."`), [
            { file: "docs/deploy.md", heading: "Options and outputs" },
        ]);
    });
});

describe("the Markdown files", () => {
    const markdownFiles = trackedFiles("*.md").filter((file) => !FOREIGN.some((foreign) => foreign.test(file)));

    it("are found", () => {
        assert.ok(markdownFiles.includes("README.md") && markdownFiles.includes("docs/deploy.md"), markdownFiles.join(", "));
    });

    it("link only to files and headings that exist", () => {
        const problems = markdownFiles.flatMap((file) => brokenLinks(REPO_ROOT, file, fs.readFileSync(path.join(REPO_ROOT, file), "utf8")));
        assert.deepStrictEqual(problems, []);
    });

    it("include a README under 200 lines, with no paragraph over 500 characters", () => {
        const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
        const lines = readme.trimEnd().split("\n").length;
        assert.ok(lines < README_MAX_LINES, `README.md has ${lines} lines; move detail into a guide in docs/`);
        const long = paragraphs(readme).filter((paragraph) => paragraph.length > README_MAX_PARAGRAPH);
        assert.deepStrictEqual(long, [], "README.md paragraphs over 500 characters");
    });

    it("include a README that links every guide in docs/", () => {
        const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
        const linked = new Set(linkTargets(readme).map(({ target }) => path.normalize(target.split("#")[0])));
        const guides = fs
            .readdirSync(path.join(REPO_ROOT, "docs"))
            .filter((name) => name.endsWith(".md"))
            .map((name) => path.join("docs", name));
        assert.deepStrictEqual(
            guides.filter((guide) => !linked.has(guide)),
            [],
            "guides in docs/ that the README does not link",
        );
    });
});

describe("the product code's pointers to the docs", () => {
    const sources = trackedFiles("*.ts", "*.json", "*.yaml").filter(
        (file) => !file.startsWith("tests/") && !file.endsWith("package-lock.json") && !file.includes("node_modules/"),
    );
    const pointers = sources.flatMap((file) =>
        docPointers(fs.readFileSync(path.join(REPO_ROOT, file), "utf8")).map((pointer) => ({ ...pointer, source: file })),
    );

    it("are found (the audit's messages, the component's descriptions, the code's comments)", () => {
        assert.ok(pointers.length >= 8, `only ${pointers.length} pointers found`);
        assert.ok(pointers.some((pointer) => pointer.source.startsWith("audit/")));
    });

    it("name a file and a heading that exist", () => {
        const problems = pointers.flatMap(({ file, heading, source }) => {
            const absolute = path.join(REPO_ROOT, file);
            if (!fs.existsSync(absolute)) return [`${source}: (${file}): no such file`];
            if (heading === undefined) return [];
            return headingTexts(fs.readFileSync(absolute, "utf8")).includes(heading)
                ? []
                : [`${source}: (${file}, "${heading}"): no such heading`];
        });
        assert.deepStrictEqual(problems, []);
    });
});
