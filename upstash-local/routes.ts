// Maps request paths to endpoints. A client may put /tag/<label> in its base
// URL; every endpoint then works the same under that prefix, and requests are
// counted per label (untagged requests under the label "").

export type Endpoint = "base" | "pipeline" | "multi-exec";

export type Route =
  /** GET on a base path is the health check; POST runs one command. */
  | { kind: "command"; endpoint: Endpoint; tag: string }
  | { kind: "stats"; tag: string }
  /** Reads, sets or clears the fault switches of a tag (fault-injection.ts). */
  | { kind: "faults"; tag: string }
  | { kind: "not-found" };

const ENDPOINTS: Record<string, Endpoint> = { "": "base", pipeline: "pipeline", "multi-exec": "multi-exec" };

export function matchRoute(pathname: string): Route {
  const segments = pathname.split("/").slice(1);
  if (segments[0] === "_stats" && segments.length <= 2) {
    return withTag(segments[1] ?? "", (tag) => ({ kind: "stats", tag }));
  }
  if (segments[0] === "_faults" && segments.length <= 2) {
    return withTag(segments[1] ?? "", (tag) => ({ kind: "faults", tag }));
  }
  if (segments[0] === "tag" && segments.length >= 2) {
    return withTag(segments[1] ?? "", (tag) => matchEndpoint(segments.slice(2), tag));
  }
  return matchEndpoint(segments, "");
}

/** Returns the HTTP methods a route accepts. The health check, a GET on a command route, is handled before this check. */
export function allowedMethodsOf(route: Exclude<Route, { kind: "not-found" }>): string[] {
  switch (route.kind) {
    case "command":
      return ["POST"];
    case "stats":
      return ["GET"];
    case "faults":
      return ["GET", "PUT", "DELETE"];
  }
}

/** Matches the path after the tag prefix: "", "/", "/pipeline" or "/multi-exec". */
function matchEndpoint(rest: string[], tag: string): Route {
  if (rest.length > 1) {
    return { kind: "not-found" };
  }
  const endpoint = ENDPOINTS[rest[0] ?? ""];
  return endpoint === undefined ? { kind: "not-found" } : { kind: "command", endpoint, tag };
}

function withTag(encodedTag: string, build: (tag: string) => Route): Route {
  try {
    return build(decodeURIComponent(encodedTag));
  } catch {
    return { kind: "not-found" };
  }
}
