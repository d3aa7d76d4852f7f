// One RESP2 connection to redis-server. Replies arrive in the order the
// commands were written, so pending batches form a FIFO queue.

import net from "node:net";
import { encodeCommand } from "./resp-encode.ts";
import { RespParser } from "./resp-parser.ts";
import type { RespReply } from "./resp-reply.ts";

export type RedisCommand = readonly (string | Buffer)[];

/** Connection settings taken from a redis:// URL. */
export type RedisTarget = {
  host: string;
  port: number;
  username?: string;
  password?: string;
  /** Database index for SELECT after connecting; 0 needs no SELECT. */
  database: number;
};

/** Raised when Redis cannot be reached or the connection drops during a request. */
export class RedisConnectionError extends Error {
  override name = "RedisConnectionError";
}

const CONNECT_TIMEOUT_MS = 3_000;

type PendingBatch = {
  expected: number;
  replies: RespReply[];
  resolve: (replies: RespReply[]) => void;
  reject: (error: Error) => void;
};

/** Parses redis://[user:password@]host:port[/database]. */
export function parseRedisUrl(url: string): RedisTarget {
  const parsed = new URL(url);
  if (parsed.protocol !== "redis:") {
    throw new TypeError(`invalid Redis URL "${url}": expected redis://host:port`);
  }
  const database = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  if (!Number.isInteger(database) || database < 0) {
    throw new TypeError(`invalid database index in Redis URL "${url}"`);
  }
  return {
    host: parsed.hostname,
    port: parsed.port === "" ? 6379 : Number(parsed.port),
    username: parsed.username === "" ? undefined : decodeURIComponent(parsed.username),
    password: parsed.password === "" ? undefined : decodeURIComponent(parsed.password),
    database,
  };
}

export class RedisConnection {
  #socket: net.Socket;
  #parser = new RespParser();
  #pending: PendingBatch[] = [];
  #closedError: Error | undefined;

  private constructor(socket: net.Socket) {
    this.#socket = socket;
    socket.on("data", (chunk: Buffer) => this.#receive(chunk));
    socket.on("error", (error) => this.#fail(new RedisConnectionError(`Redis connection failed: ${error.message}`)));
    socket.on("close", () => this.#fail(new RedisConnectionError("Redis connection closed")));
  }

  /** Connects, authenticates and selects the database; rejects with RedisConnectionError. */
  static async open(target: RedisTarget): Promise<RedisConnection> {
    const socket = await connectSocket(target);
    const connection = new RedisConnection(socket);
    await connection.#prepare(target);
    return connection;
  }

  get isOpen(): boolean {
    return this.#closedError === undefined;
  }

  /**
   * Writes the commands in one batch and resolves with one reply per command.
   * Redis errors are replies, not rejections; the promise rejects only when
   * the connection fails.
   */
  send(commands: readonly RedisCommand[]): Promise<RespReply[]> {
    if (this.#closedError !== undefined) {
      return Promise.reject(this.#closedError);
    }
    if (commands.length === 0) {
      return Promise.resolve([]);
    }
    return new Promise((resolve, reject) => {
      this.#pending.push({ expected: commands.length, replies: [], resolve, reject });
      this.#socket.write(Buffer.concat(commands.map(encodeCommand)));
    });
  }

  close(): void {
    this.#fail(new RedisConnectionError("Redis connection closed by this client"));
    this.#socket.destroy();
  }

  async #prepare(target: RedisTarget): Promise<void> {
    const setup: RedisCommand[] = [];
    if (target.password !== undefined) {
      setup.push(target.username === undefined ? ["AUTH", target.password] : ["AUTH", target.username, target.password]);
    }
    if (target.database !== 0) {
      setup.push(["SELECT", String(target.database)]);
    }
    const replies = await this.send(setup);
    const failure = replies.find((reply) => reply.kind === "error");
    if (failure !== undefined && failure.kind === "error") {
      this.close();
      throw new RedisConnectionError(`Redis connection setup failed: ${failure.message}`);
    }
  }

  #receive(chunk: Buffer): void {
    let replies: RespReply[];
    try {
      replies = this.#parser.push(chunk);
    } catch (error) {
      this.#fail(new RedisConnectionError(`invalid reply from Redis: ${(error as Error).message}`));
      this.#socket.destroy();
      return;
    }
    for (const reply of replies) {
      this.#deliver(reply);
    }
  }

  #deliver(reply: RespReply): void {
    const batch = this.#pending[0];
    if (batch === undefined) {
      // A reply without a pending command means the stream is out of step with the requests, so the connection is dropped.
      this.#fail(new RedisConnectionError("unexpected reply from Redis"));
      this.#socket.destroy();
      return;
    }
    batch.replies.push(reply);
    if (batch.replies.length === batch.expected) {
      this.#pending.shift();
      batch.resolve(batch.replies);
    }
  }

  #fail(error: Error): void {
    this.#closedError ??= error;
    const pending = this.#pending;
    this.#pending = [];
    for (const batch of pending) {
      batch.reject(this.#closedError);
    }
  }
}

function connectSocket(target: RedisTarget): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: target.host, port: target.port });
    const address = `${target.host}:${target.port}`;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new RedisConnectionError(`Redis at ${address} did not accept a connection within ${CONNECT_TIMEOUT_MS} ms`));
    }, CONNECT_TIMEOUT_MS);
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.removeAllListeners("error");
      socket.setNoDelay(true);
      socket.setKeepAlive(true);
      resolve(socket);
    });
    socket.once("error", (error) => {
      clearTimeout(timer);
      reject(new RedisConnectionError(`Redis at ${address} is unreachable: ${error.message}`));
    });
  });
}
