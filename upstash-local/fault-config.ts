// Parses and validates the JSON body of PUT /_faults/<label>. The switches
// themselves are described in fault-injection.ts.

export type MalformedReply = "not-json" | "wrong-shape" | "missing-result";

export type FaultConfig = {
  /** Delay before handling each request, in milliseconds. */
  latencyMs?: number;
  /** HTTP status of an error reply sent in place of running the commands. */
  status?: number;
  /** Socket destruction without any reply. */
  drop?: true;
  /** No reply at all; the socket stays open. */
  hang?: true;
  /** Kind of unusable 200 reply sent in place of running the commands. */
  malformed?: MalformedReply;
  /** Rejection of write commands with Redis's READONLY error. */
  readonly?: true;
  /** Number of requests that pass unchanged before the other switches apply. */
  failAfter?: number;
};

/** Raised for a fault body that is not a valid FaultConfig. Its message is sent back with a 400. */
export class InvalidFaultError extends Error {
  override name = "InvalidFaultError";
}

export const MAX_LATENCY_MS = 60_000;

const MALFORMED_REPLIES: readonly MalformedReply[] = ["not-json", "wrong-shape", "missing-result"];

/** Switches that decide the reply. A fault may set only one of them. */
const REPLY_SWITCHES = ["status", "drop", "hang", "malformed", "readonly"] as const;

type FieldParser = (value: unknown) => FaultConfig[keyof FaultConfig];

const FIELD_PARSERS: Record<keyof FaultConfig, FieldParser> = {
  latencyMs: (value) => parseInteger("latencyMs", value, 0, MAX_LATENCY_MS),
  status: (value) => parseInteger("status", value, 400, 599),
  drop: (value) => parseTrue("drop", value),
  hang: (value) => parseTrue("hang", value),
  malformed: parseMalformed,
  readonly: (value) => parseTrue("readonly", value),
  failAfter: (value) => parseInteger("failAfter", value, 0, Number.MAX_SAFE_INTEGER),
};

/** Parses the request body text. Throws InvalidFaultError, naming the invalid field. */
export function parseFaultConfig(text: string): FaultConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidFaultError(`invalid JSON body: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidFaultError('the body must be a JSON object such as {"status":503}');
  }

  const config: Record<string, unknown> = {};
  for (const [field, fieldValue] of Object.entries(value)) {
    if (!Object.hasOwn(FIELD_PARSERS, field)) {
      throw new InvalidFaultError(`unknown field "${field}"; expected ${Object.keys(FIELD_PARSERS).join(", ")}`);
    }
    config[field] = FIELD_PARSERS[field as keyof FaultConfig](fieldValue);
  }
  checkOneReplySwitch(config);
  return config as FaultConfig;
}

function checkOneReplySwitch(config: Record<string, unknown>): void {
  const present = REPLY_SWITCHES.filter((field) => config[field] !== undefined);
  if (present.length > 1) {
    throw new InvalidFaultError(`fields ${present.join(" and ")} conflict; set at most one of ${REPLY_SWITCHES.join(", ")}`);
  }
}

function parseInteger(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidFaultError(`invalid ${field} ${JSON.stringify(value)}: expected an integer from ${min} to ${max}`);
  }
  return value;
}

function parseTrue(field: string, value: unknown): true {
  if (value !== true) {
    throw new InvalidFaultError(`invalid ${field} ${JSON.stringify(value)}: expected true; omit the field to turn it off`);
  }
  return value;
}

function parseMalformed(value: unknown): MalformedReply {
  if (!MALFORMED_REPLIES.includes(value as MalformedReply)) {
    throw new InvalidFaultError(`invalid malformed ${JSON.stringify(value)}: expected one of ${MALFORMED_REPLIES.join(", ")}`);
  }
  return value as MalformedReply;
}
