import { defineConfig } from "vitest/config";

// Two projects: "node" runs the Node-side tools' tests (the local Upstash REST
// server, the demo origin); "worker" runs the worker inside workerd.
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
    ],
  },
});
