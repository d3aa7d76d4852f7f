import type { Redis } from "@upstash/redis/cloudflare";
import { CorruptRecordError, decodeRecord, encodeRecord, type SessionRecord } from "../session/record.ts";
import { activityRefreshIntervalMs, remainingTtlMs, sessionDeadline } from "../session/timeouts.ts";
import { digestSessionId } from "../session/id.ts";
import { createStoreKeys, type StoreKeys } from "./keys.ts";
import {
  CREATE_SESSION_SCRIPT,
  END_SESSION_SCRIPT,
  LIST_SESSIONS_SCRIPT,
  REVOKE_SESSIONS_SCRIPT,
  TOUCH_AND_LIST_SCRIPT,
  TOUCH_SESSION_SCRIPT,
} from "./scripts.ts";
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

/** Facts the store found while creating a session. */
export interface CreateResult {
  /** True when another live session of the user has the same browser, OS and country. */
  knownDevice: boolean;
  /** The user's other live sessions after the cap was applied. */
  otherSessions: number;
  /** Sessions ended because the user would otherwise exceed the per-user cap. */
  endedByCap: number;
}

/** A live session from a user's index. */
export interface IndexedSession {
  digest: string;
  record: SessionRecord;
}

/** A touch, and the user's live sessions when the touched session is active (empty otherwise). */
export interface TouchAndListResult {
  touch: TouchResult;
  sessions: IndexedSession[];
}

/** Reason a session ended, as the audit record and the logs name it. */
export type EndReason = "logout" | "origin_logout" | "revoked" | "revoke_others" | "revoke_all" | "admin_revoked" | "admin_revoke_all";

/** The session operations the worker needs. Each costs one store request. */
export interface SessionStore {
  /** Looks up a session, deletes it if a deadline has passed, and slides its idle timeout. */
  touchSession(sessionId: string, now: number): Promise<TouchResult>;
  /** Touches a session and, when it is active, lists its user's live sessions, in one store request. */
  touchSessionAndList(sessionId: string, now: number): Promise<TouchAndListResult>;
  /** Stores a new session, ending `replaced` and applying the per-user cap in the same atomic step. */
  createSession(sessionId: string, record: SessionRecord, now: number, replaced: ReplacedSession | null): Promise<CreateResult>;
  /** Ends a session; `record` names the user index to remove it from, when known. */
  endSession(sessionId: string, record: SessionRecord | null, reason: EndReason, now: number): Promise<void>;
  /** Lists a user's live sessions and prunes the index entries of ended ones. */
  listSessions(userId: string, now: number): Promise<IndexedSession[]>;
  /**
   * Ends a user's sessions named by handle (`only`), or all but those (`except`).
   * Returns the handles of the sessions it ended.
   */
  revokeSessions(userId: string, mode: "only" | "except", handles: string[], reason: EndReason, now: number): Promise<string[]>;
}

export interface UpstashStoreOptions {
  keyPrefix: string;
  idleTimeoutMs: number;
  absoluteTimeoutMs: number;
  /** Most live sessions one user may have; a login beyond it ends the least recently active. */
  maxSessionsPerUser: number;
  /** How long an ended session's audit record is kept; 0 keeps none. */
  auditRetentionMs: number;
}

/** A session store over Upstash Redis's REST API. */
export class UpstashSessionStore implements SessionStore {
  readonly #redis: Redis;
  readonly #keys: StoreKeys;
  readonly #options: UpstashStoreOptions;

  constructor(redis: Redis, options: UpstashStoreOptions) {
    this.#options = options;
    this.#keys = createStoreKeys(options.keyPrefix);
    this.#redis = redis;
  }

  async touchSession(sessionId: string, now: number): Promise<TouchResult> {
    const key = this.#keys.session(await digestSessionId(sessionId));
    const reply = await this.#eval("touch", TOUCH_SESSION_SCRIPT, [key], this.#touchArgs(now));
    return parseTouchReply("touch", reply);
  }

  async touchSessionAndList(sessionId: string, now: number): Promise<TouchAndListResult> {
    const key = this.#keys.session(await digestSessionId(sessionId));
    const reply = await this.#eval("touch_list", TOUCH_AND_LIST_SCRIPT, [key], [
      ...this.#touchArgs(now),
      this.#keys.userSessionsPrefix,
      this.#keys.sessionPrefix,
    ]);
    const touch = parseTouchReply("touch_list", reply);
    if (touch.status !== "active") return { touch, sessions: [] };
    return { touch, sessions: parseListing("touch_list", (reply as unknown[])[2]) };
  }

  #touchArgs(now: number): number[] {
    const idleTimeoutMs = this.#options.idleTimeoutMs;
    return [now, idleTimeoutMs, activityRefreshIntervalMs(idleTimeoutMs)];
  }

  async createSession(sessionId: string, record: SessionRecord, now: number, replaced: ReplacedSession | null): Promise<CreateResult> {
    const ttlMs = remainingTtlMs(now, sessionDeadline(record.lastActiveAt, record.absoluteExpiresAt, this.#options.idleTimeoutMs));
    if (ttlMs === null) throw new RangeError("a new session must end after its creation time");

    const digest = await digestSessionId(sessionId);
    const keys = [this.#keys.session(digest), this.#keys.userSessions(record.userId)];
    if (replaced) {
      keys.push(this.#keys.session(await digestSessionId(replaced.sessionId)));
      if (replaced.record) keys.push(this.#keys.userSessions(replaced.record.userId));
    }
    const args = [
      ttlMs, this.#options.absoluteTimeoutMs, record.handle, digest, replaced?.record?.handle ?? "",
      now, this.#options.idleTimeoutMs, this.#keys.sessionPrefix, this.#keys.auditPrefix, this.#options.auditRetentionMs,
      this.#options.maxSessionsPerUser, deviceFingerprint(record),
      ...encodeRecord(record),
    ];
    const reply = await this.#eval("create", CREATE_SESSION_SCRIPT, keys, args);
    if (!Array.isArray(reply) || !reply.every((value) => typeof value === "number")) {
      throw new StoreUnavailableError("create", "unexpected reply shape");
    }
    return { knownDevice: reply[0] === 1, otherSessions: reply[1] ?? 0, endedByCap: reply[2] ?? 0 };
  }

  async endSession(sessionId: string, record: SessionRecord | null, reason: EndReason, now: number): Promise<void> {
    const keys = [this.#keys.session(await digestSessionId(sessionId))];
    if (record) keys.push(this.#keys.userSessions(record.userId));
    await this.#eval("end", END_SESSION_SCRIPT, keys, [record?.handle ?? "", now, reason, this.#keys.auditPrefix, this.#options.auditRetentionMs]);
  }

  async listSessions(userId: string, now: number): Promise<IndexedSession[]> {
    const reply = await this.#eval("list", LIST_SESSIONS_SCRIPT, [this.#keys.userSessions(userId)], [
      now,
      this.#options.idleTimeoutMs,
      this.#keys.sessionPrefix,
    ]);
    return parseListing("list", reply);
  }

  async revokeSessions(userId: string, mode: "only" | "except", handles: string[], reason: EndReason, now: number): Promise<string[]> {
    const reply = await this.#eval("revoke", REVOKE_SESSIONS_SCRIPT, [this.#keys.userSessions(userId)], [
      mode, now, reason, this.#keys.sessionPrefix, this.#keys.auditPrefix, this.#options.auditRetentionMs, ...handles,
    ]);
    if (!Array.isArray(reply) || !reply.every((value) => typeof value === "string")) {
      throw new StoreUnavailableError("revoke", "unexpected reply shape");
    }
    return reply as string[];
  }

  async #eval(operation: string, script: string, keys: string[], args: Array<string | number>): Promise<unknown> {
    try {
      return await this.#redis.eval(script, keys, args.map(String));
    } catch (error) {
      throw new StoreUnavailableError(operation, describeStoreFailure(error), { cause: error });
    }
  }
}

/** Browser, OS and country: a login whose fingerprint no live session shares counts as a new device. */
export function deviceFingerprint(record: Pick<SessionRecord, "browser" | "os" | "country">): string {
  return `${record.browser ?? ""}|${record.os ?? ""}|${record.country ?? ""}`;
}

function parseTouchReply(operation: string, reply: unknown): TouchResult {
  if (!Array.isArray(reply) || typeof reply[0] !== "string") {
    throw new StoreUnavailableError(operation, "unexpected reply shape");
  }
  const status = reply[0];
  if (status === "absent") return { status: "absent" };
  if (status === "corrupt") throw new StoreUnavailableError(operation, "stored session record is corrupt");
  if ((status === "active" || status === "expired") && Array.isArray(reply[1])) {
    return { status, record: decodeOrFail(operation, reply[1]) };
  }
  throw new StoreUnavailableError(operation, "unexpected reply shape");
}

/** Reads a listing of live sessions: digest, fields, digest, fields, and so on. */
function parseListing(operation: string, reply: unknown): IndexedSession[] {
  if (!Array.isArray(reply) || reply.length % 2 !== 0) throw new StoreUnavailableError(operation, "unexpected reply shape");
  const sessions: IndexedSession[] = [];
  for (let i = 0; i < reply.length; i += 2) {
    const digest = reply[i];
    const fields = reply[i + 1];
    if (typeof digest !== "string" || !Array.isArray(fields)) throw new StoreUnavailableError(operation, "unexpected reply shape");
    sessions.push({ digest, record: decodeOrFail(operation, fields) });
  }
  return sessions;
}

function decodeOrFail(operation: string, fields: unknown[]): SessionRecord {
  try {
    return decodeRecord(fields);
  } catch (error) {
    if (error instanceof CorruptRecordError) throw new StoreUnavailableError(operation, error.message);
    throw error;
  }
}
