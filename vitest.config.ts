import { readFileSync } from "node:fs";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Local geolocation for request.cf, so miniflare never fetches it from the network.
const cfFixture = JSON.parse(readFileSync(new URL("./test/fixtures/cf.json", import.meta.url), "utf8"));

// Three projects. "node" runs the Node-side tools' tests (the local Upstash
// REST server, the demo origin). "worker" runs the worker inside workerd
// against a real redis-server behind the local REST server. "browser" drives
// Debian's Chromium against the whole `npm run dev` stack.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          include: ["test/node/**/*.test.ts"],
          environment: "node",
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              cf: cfFixture,
              bindings: {
                ORIGIN_URL: inject("originUrl"),
                UPSTASH_REDIS_REST_URL: inject("restUrl"),
                UPSTASH_REDIS_REST_TOKEN: inject("restToken"),
                SIGNING_KEY: inject("signingKey"),
                STORE_KEY_PREFIX: inject("keyPrefix"),
                // Tests log in hundreds of times a minute; the throttle tests turn it on themselves.
                LOGIN_PATHS: "",
              },
            },
          })),
        ],
        test: {
          name: "worker",
          include: ["test/worker/**/*.test.ts"],
          globalSetup: ["test/harness/global-setup.ts"],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          environment: "node",
          // Starting the whole dev stack (wrangler dev included) and Chromium takes tens of seconds.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
