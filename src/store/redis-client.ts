import { Redis } from "@upstash/redis/cloudflare";

export interface StoreClientOptions {
  url: string;
  token: string;
  /** Upper bound for one store request, retries included, in milliseconds. */
  requestTimeoutMs: number;
}

/** Network errors (not HTTP errors) are retried this often, within the request timeout. */
export const STORE_RETRIES = 2;
/** Wait before retry n (from 0): 25 ms, then 50 ms. */
export const STORE_RETRY_BACKOFF_MS = 25;

/**
 * Creates the Upstash client every store call goes through, configured for
 * the edge: one HTTP request per call, bounded retries, and a hard time budget.
 */
export function createStoreClient(options: StoreClientOptions): Redis {
  return new Redis({
    url: options.url,
    token: options.token,
    // Raw strings only: parsing stored values as JSON would turn a user ID
    // such as "123" into a number.
    automaticDeserialization: false,
    // One call, one HTTP request: the count per request is part of the contract.
    enableAutoPipelining: false,
    enableTelemetry: false,
    readYourWrites: false,
    // Plain JSON strings instead of base64: every stored value is UTF-8 text
    // written by the worker, so there are no raw bytes to protect, and
    // skipping the decode saves CPU on every request.
    responseEncoding: false,
    retry: { retries: STORE_RETRIES, backoff: (attempt) => STORE_RETRY_BACKOFF_MS * 2 ** attempt },
    // A function, not a fixed signal: with a fixed signal the client turns an
    // abort into a successful reply whose result is the abort reason.
    signal: () => AbortSignal.timeout(options.requestTimeoutMs),
  });
}
