/**
 * Error responses, built in one place so every failure has the same JSON
 * shape and none carries a stack trace, a store URL or a token.
 */

/** Builds a JSON error response: a stable `error` code and a sentence for people. */
export function errorResponse(status: number, error: string, message: string, headers?: HeadersInit): Response {
  const response = Response.json({ error, message }, { status, headers });
  response.headers.set("cache-control", "no-store");
  return response;
}

/** Seconds a client should wait before retrying after a store failure. */
export const STORE_RETRY_AFTER_SECONDS = 2;

export function storeUnavailableResponse(): Response {
  return errorResponse(503, "session_store_unavailable", "The session service is temporarily unavailable. Try again shortly.", {
    "retry-after": String(STORE_RETRY_AFTER_SECONDS),
  });
}

export function misconfiguredResponse(): Response {
  return errorResponse(500, "internal_error", "The service is not available.");
}

export function internalErrorResponse(): Response {
  return errorResponse(500, "internal_error", "The request could not be completed.");
}

export function badGatewayResponse(): Response {
  return errorResponse(502, "bad_gateway", "The origin could not be reached or sent an invalid response.");
}
