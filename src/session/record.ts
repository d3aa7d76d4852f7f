import { DEVICE_TYPES, type DeviceType } from "../device/user-agent.ts";

/**
 * A session as the store keeps it. Times are milliseconds since the Unix epoch.
 * The record never contains the session ID; the store finds it by the ID's digest.
 */
export interface SessionRecord {
  /** Public handle: the `sid` claim and the name of the session in logs and lists. */
  handle: string;
  userId: string;
  orgId: string | null;
  createdAt: number;
  lastActiveAt: number;
  /** The absolute timeout's deadline, fixed at creation. */
  absoluteExpiresAt: number;
  ip: string | null;
  userAgent: string | null;
  browser: string | null;
  browserVersion: string | null;
  os: string | null;
  deviceType: DeviceType;
  country: string | null;
  region: string | null;
  city: string | null;
}

/** A stored record that does not have the shape the worker wrote. */
export class CorruptRecordError extends Error {
  constructor(field: string) {
    super(`session record has an invalid ${field} field`);
    this.name = "CorruptRecordError";
  }
}

// Field names in the Redis hash; docs/redis-schema.md lists them.
export const RECORD_FIELDS = {
  handle: "handle",
  userId: "user",
  orgId: "org",
  createdAt: "created_at",
  lastActiveAt: "last_active_at",
  absoluteExpiresAt: "absolute_expires_at",
  ip: "ip",
  userAgent: "user_agent",
  browser: "browser",
  browserVersion: "browser_version",
  os: "os",
  deviceType: "device_type",
  country: "country",
  region: "region",
  city: "city",
} as const satisfies Record<keyof SessionRecord, string>;

/** Flattens a record into hash field/value pairs, leaving out absent optional fields. */
export function encodeRecord(record: SessionRecord): string[] {
  const pairs: string[] = [];
  for (const [property, field] of Object.entries(RECORD_FIELDS)) {
    const value = record[property as keyof SessionRecord];
    if (value !== null) pairs.push(field, String(value));
  }
  return pairs;
}

/**
 * Rebuilds a record from a flat `[field, value, ...]` list such as HGETALL
 * returns. Throws `CorruptRecordError` instead of guessing when a required
 * field is missing or has the wrong type.
 */
export function decodeRecord(flat: readonly unknown[]): SessionRecord {
  const fields = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const name = flat[i];
    const value = flat[i + 1];
    if (typeof name === "string" && typeof value === "string") fields.set(name, value);
  }
  return {
    handle: requiredText(fields, RECORD_FIELDS.handle),
    userId: requiredText(fields, RECORD_FIELDS.userId),
    orgId: fields.get(RECORD_FIELDS.orgId) ?? null,
    createdAt: requiredTime(fields, RECORD_FIELDS.createdAt),
    lastActiveAt: requiredTime(fields, RECORD_FIELDS.lastActiveAt),
    absoluteExpiresAt: requiredTime(fields, RECORD_FIELDS.absoluteExpiresAt),
    ip: fields.get(RECORD_FIELDS.ip) ?? null,
    userAgent: fields.get(RECORD_FIELDS.userAgent) ?? null,
    browser: fields.get(RECORD_FIELDS.browser) ?? null,
    browserVersion: fields.get(RECORD_FIELDS.browserVersion) ?? null,
    os: fields.get(RECORD_FIELDS.os) ?? null,
    deviceType: readDeviceType(fields.get(RECORD_FIELDS.deviceType)),
    country: fields.get(RECORD_FIELDS.country) ?? null,
    region: fields.get(RECORD_FIELDS.region) ?? null,
    city: fields.get(RECORD_FIELDS.city) ?? null,
  };
}

// Sessions created before device types were recorded read as "unknown".
function readDeviceType(value: string | undefined): DeviceType {
  return value !== undefined && (DEVICE_TYPES as readonly string[]).includes(value) ? (value as DeviceType) : "unknown";
}

function requiredText(fields: Map<string, string>, name: string): string {
  const value = fields.get(name);
  if (!value) throw new CorruptRecordError(name);
  return value;
}

function requiredTime(fields: Map<string, string>, name: string): number {
  const text = fields.get(name);
  const value = text !== undefined && /^\d{1,16}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value)) throw new CorruptRecordError(name);
  return value;
}
