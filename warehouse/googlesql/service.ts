// GoogleSQL's own analyzer (ZetaSQL), run offline: the local service binary that
// @fivetrandevelopers/zetasql ships, started on a free port of 127.0.0.1 and spoken to over gRPC.
// The package (340 MB) lives in tools/googlesql, installed by the root postinstall script and not
// listed in package.json, which Google Cloud Dataform installs: it is looked up there at run time.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import * as net from "node:net";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { UserError } from "../../core/errors.ts";

const PACKAGE = "@fivetrandevelopers/zetasql";
const INSTALLED_IN = path.resolve(import.meta.dirname, "../../tools/googlesql");

/** A GoogleSQL type as the service's TypeProto (proto3 JSON names, enums as strings). */
export interface TypeProto {
  typeKind: string;
  arrayType?: { elementType: TypeProto };
  structType?: { field: Array<{ fieldName?: string; fieldType: TypeProto }> };
}

export interface SimpleColumn {
  name: string;
  type: TypeProto;
}

export interface SimpleTable {
  name: string;
  column: SimpleColumn[];
}

/** The analyzer's answer: the resolved statement as JSON, or GoogleSQL's one-line message. */
export type Analysis = { resolved: Record<string, unknown> } | { error: string };

type Callback = (error: grpc.ServiceError | null, reply: unknown) => void;
type Client = grpc.Client & Record<string, (request: unknown, callback: Callback) => void>;

export class GoogleSqlService {
  private constructor(
    private readonly process: ChildProcess,
    private readonly client: Client,
    private readonly exited: Promise<void>,
  ) {}

  /** Starts the service and waits until it answers (generously: a loaded 2-core machine is slow to map 90 MB). */
  static async start(readyTimeoutMs = 120_000): Promise<GoogleSqlService> {
    const dir = packageDirectory();
    const port = await freePort();
    const child = spawn(serverBinary(dir), ["127.0.0.1", String(port)], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const spawnFailed = new Promise<never>((_, reject) => child.once("error", (error) => reject(new UserError(`could not start the GoogleSQL analyzer: ${error.message}`))));
    const exitedEarly = exited.then(() => {
      throw new UserError(`the GoogleSQL analyzer stopped while starting: ${stderr.trim().split("\n").pop() ?? "no message"}`);
    });
    const definition = protoLoader.loadSync("local_service.proto", {
      includeDirs: [path.join(dir, "lib/zetasql/protos")],
      enums: String,
      longs: String,
      oneofs: true,
    });
    const services = grpc.loadPackageDefinition(definition) as unknown as { zetasql: { local_service: { ZetaSqlLocalService: grpc.ServiceClientConstructor } } };
    const client = new services.zetasql.local_service.ZetaSqlLocalService(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
      "grpc.max_send_message_length": 256 * 1024 * 1024,
      "grpc.max_receive_message_length": 256 * 1024 * 1024,
    }) as Client;
    const ready = new Promise<void>((resolve, reject) =>
      client.waitForReady(Date.now() + readyTimeoutMs, (error) =>
        error ? reject(new UserError(`the GoogleSQL analyzer did not answer on 127.0.0.1:${port} within ${readyTimeoutMs / 1000} s`)) : resolve(),
      ),
    );
    try {
      await Promise.race([ready, spawnFailed, exitedEarly]);
    } catch (error) {
      client.close();
      child.kill("SIGKILL");
      throw error;
    }
    exitedEarly.catch(() => undefined);
    return new GoogleSqlService(child, client, exited);
  }

  /** The language options of a ZetaSQL language version (features, statement kinds). */
  async languageOptions(request: { maximumFeatures?: boolean; languageVersion?: string }): Promise<{ enabledLanguageFeatures?: string[] }> {
    return (await this.call("getLanguageOptions", request)) as { enabledLanguageFeatures?: string[] };
  }

  /** Analyzes one statement against a catalog; an invalid statement gives its message, not a throw. */
  async analyze(sql: string, catalog: unknown, languageOptions: unknown): Promise<Analysis> {
    const request = {
      options: { languageOptions, errorMessageMode: "ERROR_MESSAGE_ONE_LINE", defaultTimezone: "UTC" },
      simpleCatalog: catalog,
      sqlStatement: sql,
    };
    try {
      const reply = (await this.call("analyze", request)) as { resolvedStatement: Record<string, unknown> };
      return { resolved: reply.resolvedStatement };
    } catch (error) {
      const status = error as grpc.ServiceError;
      if (status.code === grpc.status.INVALID_ARGUMENT) return { error: status.details };
      throw error;
    }
  }

  /** Stops the service: SIGTERM, then SIGKILL if it has not exited within 10 s. */
  async close(): Promise<void> {
    this.client.close();
    this.process.kill("SIGTERM");
    const stubborn = setTimeout(() => this.process.kill("SIGKILL"), 10_000);
    await this.exited;
    clearTimeout(stubborn);
  }

  private call(method: string, request: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => this.client[method](request, (error, reply) => (error ? reject(error) : resolve(reply))));
  }
}

function packageDirectory(): string {
  try {
    return path.dirname(createRequire(path.join(INSTALLED_IN, "package.json")).resolve(`${PACKAGE}/package.json`));
  } catch {
    throw new UserError(`the GoogleSQL analyzer (${PACKAGE}) is not installed in ${INSTALLED_IN}: run \`npm ci\` in the repository (its postinstall installs it)`);
  }
}

/** The package's build for this machine (as its own server.js picks it): Linux and macOS, x86-64 and ARM. */
function serverBinary(dir: string): string {
  if (process.platform !== "linux" && process.platform !== "darwin") {
    throw new UserError(`the GoogleSQL analyzer runs on Linux and macOS only (this is ${process.platform} ${process.arch})`);
  }
  const arm = process.arch.startsWith("arm") ? "_arm" : "";
  return path.join(dir, `lib/zetasql/remote_server${arm}${process.platform === "darwin" ? "" : ".so"}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
