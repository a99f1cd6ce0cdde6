/**
 * A STAND-IN for one IAM action, `GetAccessKeyLastUsed`, for tests only: a
 * loopback HTTP server that speaks IAM's query protocol (a form-encoded POST,
 * an XML answer) well enough for the AWS SDK for JavaScript v3, which the
 * access key retirement gate uses. Point the SDK at it with `AWS_ENDPOINT_URL`.
 * It is not AWS: a key counts as used once a test (or the stand-in Redis
 * Cloud API, when it accepts a key) calls `markUsed`.
 */
import * as http from "http";
import type { AddressInfo } from "net";

export class StandInIamLastUsed {
    private readonly used = new Map<string, Date>();
    /** Every access key ID asked about, in order. */
    readonly asked: string[] = [];
    private server?: http.Server;

    markUsed(accessKeyId: string, when = new Date()): void {
        this.used.set(accessKeyId, when);
    }

    /** Forgets every use, as IAM's record looks before it has caught up. */
    forget(): void {
        this.used.clear();
    }

    async start(): Promise<string> {
        this.server = http.createServer((request, response) => {
            const chunks: Buffer[] = [];
            request.on("data", (chunk: Buffer) => chunks.push(chunk));
            request.on("end", () => {
                const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
                const keyId = form.get("AccessKeyId") ?? "";
                if (form.get("Action") !== "GetAccessKeyLastUsed") {
                    response.writeHead(400, { "content-type": "text/xml" });
                    response.end(
                        `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>the stand-in answers GetAccessKeyLastUsed only</Message></Error><RequestId>standin</RequestId></ErrorResponse>`,
                    );
                    return;
                }
                this.asked.push(keyId);
                const when = this.used.get(keyId);
                const lastUsed = when
                    ? `<LastUsedDate>${when.toISOString()}</LastUsedDate><ServiceName>ec2</ServiceName><Region>us-east-1</Region>`
                    : "<ServiceName>N/A</ServiceName><Region>N/A</Region>";
                response.writeHead(200, { "content-type": "text/xml" });
                response.end(
                    `<GetAccessKeyLastUsedResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccessKeyLastUsedResult>` +
                        `<UserName>redislabs-user</UserName><AccessKeyLastUsed>${lastUsed}</AccessKeyLastUsed>` +
                        `</GetAccessKeyLastUsedResult><ResponseMetadata><RequestId>standin</RequestId></ResponseMetadata></GetAccessKeyLastUsedResponse>`,
                );
            });
        });
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
        return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    /** What the AWS SDK in a Pulumi plugin needs to reach the stand-in: endpoint, region and fake credentials. */
    env(url: string): NodeJS.ProcessEnv {
        return {
            AWS_ENDPOINT_URL: url,
            AWS_REGION: "us-east-1",
            AWS_ACCESS_KEY_ID: "AKIASTANDINIAMCALLER",
            AWS_SECRET_ACCESS_KEY: "standin-iam-caller",
        };
    }

    async stop(): Promise<void> {
        const server = this.server;
        this.server = undefined;
        if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    }
}
