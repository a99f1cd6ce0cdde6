/**
 * lib/property-scan.ts on its own: every decoding a user's tools would apply
 * (JSON, YAML with CloudFormation's short forms, Fn::Sub and Fn::Join, base64,
 * percent-encoding, numbers), where each places a match, what it leaves
 * alone, and the bounds that fail closed. The policies' own cases run the same
 * decodings through the analyzer (tests/policy-pack/policies/).
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as path from "path";
import { MAX_YAML_TEXT, ScanLimitError, findHits, tokenMatcher, walkDecoded } from "../../policy-pack/lib/property-scan";
import { MAX_YAML_ALIASES } from "../../policy-pack/lib/yaml-text";

const matcher = tokenMatcher(["redislabs-user", "redislabs-role", "168085023892", "RedisLabsIdentifier"])!;
const hitsOf = (props: Record<string, unknown>) => findHits(props, matcher).map(({ path, token }) => `${path}=${token}`);
const yaml = (...lines: string[]) => lines.join("\n") + "\n";

describe("property-scan: every value read as a user's tools would decode it", () => {
    const cases: [string, Record<string, unknown>, string[]][] = [
        [
            "a YAML template: the match placed at its field inside",
            {
                templateBody: yaml(
                    "Resources:",
                    "  Key:",
                    "    Type: AWS::IAM::AccessKey",
                    "    Properties:",
                    "      UserName: redislabs-user",
                ),
            },
            ["templateBody.Resources.Key.Properties.UserName=redislabs-user"],
        ],
        [
            "YAML's !Join of literals, which the raw text splits",
            { templateBody: yaml("Resources:", "  Key:", "    Properties:", "      UserName: !Join ['', [redislabs-, user]]") },
            ["templateBody.Resources.Key.Properties.UserName=redislabs-user"],
        ],
        [
            "YAML's !Sub with a literal variable",
            { templateBody: yaml("Outputs:", "  Role:", "    Value: !Sub", "      - '${Vendor}-role'", "      - Vendor: redislabs") },
            ["templateBody.Outputs.Role.Value=redislabs-role"],
        ],
        [
            "JSON's Fn::Sub in its list form",
            { templateBody: JSON.stringify({ Outputs: { Role: { Value: { "Fn::Sub": ["${V}-role", { V: "redislabs" }] } } } }) },
            ["templateBody.Outputs.Role.Value=redislabs-role"],
        ],
        [
            "Fn::Sub and Fn::Join in the raw inputs (an object, not text)",
            { spec: { name: { "Fn::Join": ["-", ["redislabs", "user"]] } } },
            ["spec.name=redislabs-user"],
        ],
        [
            "an escape in YAML's double quotes",
            { content: yaml("mainSteps:", "  - inputs:", '      runCommand: ["aws iam delete-user --user-name \\x72edislabs-user"]') },
            ["content.mainSteps[].inputs.runCommand[]=redislabs-user"],
        ],
        [
            "base64 user data naming Redis's user",
            { userData: Buffer.from("#!/bin/bash\naws iam create-access-key --user-name redislabs-user\n").toString("base64") },
            ["userData=redislabs-user"],
        ],
        [
            "a percent-encoded ARN",
            { url: "https://console.aws.amazon.com/iam/?arn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fredislabs-role" },
            ["url=redislabs-role"],
        ],
        ["a shell command", { create: "aws iam create-access-key --user-name redislabs-user > key.json" }, ["create=redislabs-user"]],
        ["an account ID as a JSON number", { input: '{"account": 168085023892}' }, ["input.account=168085023892"]],
        ["an account ID bare in YAML", { content: yaml("Principal:", "  AWS: 168085023892") }, ["content.Principal.AWS=168085023892"]],
        [
            "YAML's !!binary, read as the text it holds",
            { content: yaml("data: !!binary " + Buffer.from("redislabs-user").toString("base64")) },
            ["content.data=redislabs-user"],
        ],
        // Passing: decoding finds nothing that is not there.
        [
            "an ordinary buildspec",
            { buildspec: yaml("version: 0.2", "phases:", "  build:", "    commands:", "      - npm ci", "      - npm test") },
            [],
        ],
        [
            "an ordinary template with !Sub",
            { templateBody: yaml("Outputs:", "  Arn:", "    Value: !Sub 'arn:aws:iam::${AWS::AccountId}:role/app'") },
            [],
        ],
        ["a name that only starts like Redis's, made by !Sub", { t: yaml("Value: !Sub", "  - '${A}-user-2'", "  - A: redislabs") }, []],
        ["text that is not YAML (an unclosed flow)", { t: "{ Key: !Sub [unclosed" }, []],
        ["a 12-digit number that is another account", { t: '{"account": 123456789012}' }, []],
    ];
    for (const [title, props, expected] of cases) {
        it(`${expected.length ? "finds" : "finds nothing in"} ${title}`, () => assert.deepStrictEqual(hitsOf(props), expected));
    }

    it("reads Fn::Sub placeholders as wildcards: the IAM pattern a policy visitor sees", () => {
        const seen: string[] = [];
        const template = yaml(
            "Resources:",
            "  P:",
            "    Properties:",
            "      PolicyDocument:",
            "        Statement:",
            "          - Effect: Allow",
            "            Action: iam:PassRole",
            "            Resource: !Sub arn:${AWS::Partition}:iam::${AWS::AccountId}:role/redislabs-role",
        );
        walkDecoded(
            {
                templateBody: template,
                json: JSON.stringify({ Resource: { "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:user/${!Literal}" } }),
            },
            {
                decodes: () => true,
                object: (value) => {
                    if ("Resource" in value) seen.push(String(value.Resource));
                },
            },
        );
        assert.deepStrictEqual(seen, ["arn:*:iam::*:role/redislabs-role", "arn:aws:iam::*:user/${Literal}"]);
    });

    it("parses every CloudFormation short form as its long form, for scalars, lists and maps", () => {
        const objects: Record<string, unknown>[] = [];
        const template = yaml(
            "A: !Ref Bucket",
            "B: !GetAtt Role.Arn",
            "C: !If [IsProd, x, y]",
            "D: !Select [0, !GetAZs '']",
            "E: !Base64 { 'Fn::Join': ['', [a, !Ref B]] }",
            "F: !Condition IsProd",
            "G: !ImportValue shared-vpc",
        );
        walkDecoded({ t: template }, { decodes: () => true, object: (value) => void objects.push(value) });
        assert.deepStrictEqual(
            objects.find((value) => "A" in value),
            {
                A: { Ref: "Bucket" },
                B: { "Fn::GetAtt": ["Role", "Arn"] },
                C: { "Fn::If": ["IsProd", "x", "y"] },
                D: { "Fn::Select": ["0", { "Fn::GetAZs": "" }] },
                E: { "Fn::Base64": "a*" },
                F: { Condition: "IsProd" },
                G: { "Fn::ImportValue": "shared-vpc" },
            },
        );
    });

    describe("bounds fail closed, never a throw of another kind", () => {
        it(`YAML larger than ${MAX_YAML_TEXT} characters that must be decoded`, () => {
            const huge = yaml("Resources:", `  Pad: '${"x".repeat(MAX_YAML_TEXT)}'`, "  Name: !Join ['', [redislabs-, user]]");
            assert.throws(
                () => findHits({ templateBody: huge }, matcher),
                (error: unknown) => {
                    assert.ok(error instanceof ScanLimitError);
                    assert.strictEqual(error.field, "templateBody");
                    assert.match(error.limit, /YAML text larger than/);
                    return true;
                },
            );
        });
        it(`YAML with more than ${MAX_YAML_ALIASES} aliases (a billion laughs)`, () => {
            const aliases = (name: string, of: string) => `${name}: &${name} [${Array(10).fill(`*${of}`).join(", ")}]`;
            const bomb = yaml("a: &a [redislabs-user]", aliases("b", "a"), aliases("c", "b"), aliases("d", "c"));
            assert.throws(
                () => findHits({ content: bomb }, matcher),
                (error: unknown) => error instanceof ScanLimitError && /aliases/.test(error.limit),
            );
        });
        it("a huge YAML-looking text with nothing to decode is matched as text, without a bound", () => {
            const plain = yaml(`Pad: ${"x ".repeat(MAX_YAML_TEXT)}`, "Other: text");
            assert.deepStrictEqual(hitsOf({ content: plain }), []);
        });
    });

    it("loads the YAML parser only when a string needs it, so the pack's start-up is unchanged", () => {
        const script = `
            const scan = require(${JSON.stringify(path.join(__dirname, "../../policy-pack/lib/property-scan"))});
            const m = scan.tokenMatcher(["redislabs-user"]);
            const loaded = () => Object.keys(require.cache).some((f) => f.includes("/node_modules/yaml/"));
            scan.findHits({ a: "plain", b: "key: value\\nother: 2", c: ["x"], d: '{"Statement": []}' }, m);
            const before = loaded();
            scan.findHits({ buildspec: "phases:\\n  build:\\n    commands:\\n      - aws iam get-user --user-name redislabs-user\\n" }, m);
            console.log(JSON.stringify([before, loaded()]));`;
        const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { encoding: "utf8" });
        assert.deepStrictEqual(JSON.parse(out), [false, true]);
    });
});
