// Parses the JSON request bodies of the REST protocol into Redis commands.
// POST / carries one command, ["set","k","v","ex",60]; /pipeline and
// /multi-exec carry an array of commands.

/** Raised for a body that is not valid JSON or does not have the expected shape. */
export class InvalidBodyError extends Error {
  override name = "InvalidBodyError";
}

/** A command as text arguments: the name first, then the arguments. */
export type TextCommand = string[];

type ReviverContext = { source?: string };

/**
 * Replaces every JSON number by its source text. The client sends numbers
 * such as 1e-7 or 60, and Redis must receive exactly that text: reformatting
 * 1e-7 as "1e-07" would make a later GET return a string instead of a number.
 * Node 24 passes the source text to revivers (JSON.parse source text access).
 */
function keepNumberText(this: unknown, _key: string, value: unknown, context?: ReviverContext): unknown {
  if (typeof value === "number") {
    if (context?.source === undefined) {
      throw new InvalidBodyError("this Node.js version does not pass JSON source text to revivers; use Node.js 24 or newer");
    }
    return context.source;
  }
  return value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text, keepNumberText);
  } catch (error) {
    if (error instanceof InvalidBodyError) {
      throw error;
    }
    throw new InvalidBodyError(`ERR invalid JSON body: ${(error as Error).message}`);
  }
}

function toCommand(value: unknown, position: string): TextCommand {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidBodyError(`ERR ${position} must be a non-empty JSON array such as ["get","key"]`);
  }
  return value.map((arg: unknown, index) => {
    if (typeof arg === "string") {
      return arg;
    }
    if (typeof arg === "boolean") {
      return String(arg);
    }
    throw new InvalidBodyError(
      `ERR argument ${index} of ${position} is ${arg === null ? "null" : typeof arg}; expected a string, number or boolean`,
    );
  });
}

/** Parses the body of POST /: one command. */
export function parseSingleCommand(text: string): TextCommand {
  return toCommand(parseJson(text), "the command");
}

/** Parses the body of /pipeline or /multi-exec: an array of commands. */
export function parseCommandList(text: string): TextCommand[] {
  const value = parseJson(text);
  if (!Array.isArray(value)) {
    throw new InvalidBodyError('ERR the body must be a JSON array of commands such as [["get","key"]]');
  }
  return value.map((command: unknown, index) => toCommand(command, `command ${index}`));
}
