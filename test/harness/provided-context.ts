// Values the global setup provides to the worker tests (vitest provide/inject),
// and the shape of the echo origin's replies. No Node imports: both the Node
// harness and the workerd tests read this file.

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the local Upstash REST server. */
    restUrl: string;
    restToken: string;
    /** Base URL of the echo origin. */
    originUrl: string;
    /** Prefix of every Redis key this test run writes. */
    keyPrefix: string;
    /** Private JWK (ES256, kid "test-key-1") for the worker's SIGNING_KEY. */
    signingKey: string;
    /** A 127.0.0.1 URL where nothing listens. */
    closedStoreUrl: string;
    /** A 127.0.0.1 URL that accepts requests and never responds. */
    hangingStoreUrl: string;
  }
}

/** What the echo origin received, as it reports it in its JSON reply. */
export interface EchoedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body: string;
}
