// The bench's side channel to the local Upstash REST server: per-label request
// counts (GET /_stats/<label>), the per-label delay (PUT /_faults/<label>), and
// plain commands for the records the bench writes itself.

export interface StoreAdmin {
  /** Store requests the REST server has counted under /tag/<label>. */
  requests(label: string): Promise<number>;
  /** Makes every request under /tag/<label> wait this long before it runs, in milliseconds. */
  setDelay(label: string, delayMs: number): Promise<void>;
  /** Runs one Redis command (untagged) and returns its result. */
  command(...args: Array<string | number>): Promise<unknown>;
  /**
   * Times `samples` serial PING requests under /tag/<label> and returns the
   * median, in milliseconds: what one store round trip really costs at that
   * label's delay, timer lateness and the REST server's own work included.
   */
  roundTripMs(label: string, samples: number): Promise<number>;
}

export function createStoreAdmin(restUrl: string, token: string): StoreAdmin {
  const headers = { authorization: `Bearer ${token}` };

  async function call(path: string, init: RequestInit = {}): Promise<unknown> {
    const response = await fetch(`${restUrl}${path}`, { ...init, headers: { ...headers, ...init.headers } });
    const text = await response.text();
    if (!response.ok) throw new Error(`REST server ${init.method ?? "GET"} ${path} failed with ${response.status}: ${text}`);
    return text === "" ? null : JSON.parse(text);
  }

  return {
    async requests(label) {
      const stats = (await call(`/_stats/${encodeURIComponent(label)}`)) as { requests: number };
      return stats.requests;
    },
    async setDelay(label, delayMs) {
      await call(`/_faults/${encodeURIComponent(label)}`, {
        method: "PUT",
        body: JSON.stringify({ latencyMs: delayMs }),
        headers: { "content-type": "application/json" },
      });
    },
    async command(...args) {
      const reply = (await call("/", { method: "POST", body: JSON.stringify(args.map(String)) })) as { result: unknown };
      return reply.result;
    },
    async roundTripMs(label, samples) {
      const times: number[] = [];
      for (let sample = 0; sample < samples; sample++) {
        const started = performance.now();
        await call(`/tag/${encodeURIComponent(label)}`, { method: "POST", body: '["PING"]' });
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      return times[Math.floor(times.length / 2)] ?? 0;
    },
  };
}
