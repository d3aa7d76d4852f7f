import { Redis } from "@upstash/redis/cloudflare";
import { CorruptRecordError, decodeRecord, encodeRecord, type SessionRecord } from "../session/record.ts";
import { activityRefreshIntervalMs, remainingTtlMs, sessionDeadline } from "../session/timeouts.ts";
import { digestSessionId } from "../session/id.ts";
import { createStoreKeys, type StoreKeys } from "./keys.ts";
import { CREATE_SESSION_SCRIPT, END_SESSION_SCRIPT, TOUCH_SESSION_SCRIPT } from "./scripts.ts";
import { describeStoreFailure, StoreUnavailableError } from "./errors.ts";

/** Result of looking up a session by its ID. */
export type TouchResult =
  | { status: "active"; record: SessionRecord }
  | { status: "expired"; record: SessionRecord }
  | { status: "absent" };

/** A session being replaced at login: its ID, and its record when it was still active. */
export interface ReplacedSession {
  sessionId: string;
  record: SessionRecord | null;
}

/** The session operations the worker needs. Each costs one store request. */
export interface SessionStore {
  /** Looks up a session, deletes it if a deadline has passed, and slides its idle timeout. */
  touchSession(sessionId: string, now: number): Promise<TouchResult>;
  /** Stores a new session (ending `replaced` in the same atomic step). */
  createSession(sessionId: string, record: SessionRecord, now: number, replaced: ReplacedSession | null): Promise<void>;
  /** Ends a session; `record` names the user index to remove it from, when known. */
  endSession(sessionId: string, record: SessionRecord | null): Promise<void>;
}

export interface UpstashStoreOptions {
  url: string;
  token: string;
  keyPrefix: string;
  idleTimeoutMs: number;
  absoluteTimeoutMs: number;
  /** Upper bound for one store request, retries included. */
  requestTimeoutMs: number;
}

// Network errors (not HTTP errors) are retried, within the request timeout.
const STORE_RETRIES = 2;
const STORE_RETRY_BACKOFF_MS = 25;

/** A session store over Upstash Redis's REST API. */
export class UpstashSessionStore implements SessionStore {
  readonly #redis: Redis;
  readonly #keys: StoreKeys;
  readonly #options: UpstashStoreOptions;

  constructor(options: UpstashStoreOptions) {
    this.#options = options;
    this.#keys = createStoreKeys(options.keyPrefix);
    this.#redis = new Redis({
      url: options.url,
      token: options.token,
      // Raw strings only: parsing stored values as JSON would turn a user ID
      // such as "123" into a number.
      automaticDeserialization: false,
      // One call, one HTTP request: the count per request is part of the contract.
      enableAutoPipelining: false,
      enableTelemetry: false,
      readYourWrites: false,
      retry: { retries: STORE_RETRIES, backoff: (attempt) => STORE_RETRY_BACKOFF_MS * 2 ** attempt },
      // A function, not a fixed signal: with a fixed signal the client turns an
      // abort into a successful reply whose result is the abort reason.
      signal: () => AbortSignal.timeout(options.requestTimeoutMs),
    });
  }

  async touchSession(sessionId: string, now: number): Promise<TouchResult> {
    const key = this.#keys.session(await digestSessionId(sessionId));
    const idleTimeoutMs = this.#options.idleTimeoutMs;
    const reply = await this.#eval("touch", TOUCH_SESSION_SCRIPT, [key], [
      now,
      idleTimeoutMs,
      activityRefreshIntervalMs(idleTimeoutMs),
    ]);
    return parseTouchReply(reply);
  }

  async createSession(sessionId: string, record: SessionRecord, now: number, replaced: ReplacedSession | null): Promise<void> {
    const ttlMs = remainingTtlMs(now, sessionDeadline(record.lastActiveAt, record.absoluteExpiresAt, this.#options.idleTimeoutMs));
    if (ttlMs === null) throw new RangeError("a new session must end after its creation time");

    const digest = await digestSessionId(sessionId);
    const keys = [this.#keys.session(digest), this.#keys.userSessions(record.userId)];
    if (replaced) {
      keys.push(this.#keys.session(await digestSessionId(replaced.sessionId)));
      if (replaced.record) keys.push(this.#keys.userSessions(replaced.record.userId));
    }
    const args = [ttlMs, this.#options.absoluteTimeoutMs, record.handle, digest, replaced?.record?.handle ?? "", ...encodeRecord(record)];
    await this.#eval("create", CREATE_SESSION_SCRIPT, keys, args);
  }

  async endSession(sessionId: string, record: SessionRecord | null): Promise<void> {
    const keys = [this.#keys.session(await digestSessionId(sessionId))];
    if (record) keys.push(this.#keys.userSessions(record.userId));
    await this.#eval("end", END_SESSION_SCRIPT, keys, [record?.handle ?? ""]);
  }

  async #eval(operation: string, script: string, keys: string[], args: Array<string | number>): Promise<unknown> {
    try {
      return await this.#redis.eval(script, keys, args.map(String));
    } catch (error) {
      throw new StoreUnavailableError(operation, describeStoreFailure(error), { cause: error });
    }
  }
}

function parseTouchReply(reply: unknown): TouchResult {
  if (!Array.isArray(reply) || typeof reply[0] !== "string") {
    throw new StoreUnavailableError("touch", "unexpected reply shape");
  }
  const status = reply[0];
  if (status === "absent") return { status: "absent" };
  if (status === "corrupt") throw new StoreUnavailableError("touch", "stored session record is corrupt");
  if ((status === "active" || status === "expired") && Array.isArray(reply[1])) {
    try {
      return { status, record: decodeRecord(reply[1]) };
    } catch (error) {
      if (error instanceof CorruptRecordError) throw new StoreUnavailableError("touch", error.message);
      throw error;
    }
  }
  throw new StoreUnavailableError("touch", "unexpected reply shape");
}
