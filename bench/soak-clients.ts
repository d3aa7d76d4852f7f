// The soak test's clients, run in the load process. Each client is one user
// with one browser: log in, make requests, list its sessions, log out, again
// and again. A failed step is recorded with its time and retried. A session
// counts as ended only after a logout that succeeded.

import type { SoakError, SoakJob, SoakResult } from "./load-protocol.ts";

// Pause before retrying a failed step, in milliseconds. The worker's Retry-After is in whole seconds, too coarse here.
const RETRY_PAUSE_MS = 100;
// Ended sessions checked at the end: all of them up to this many, then an even sample.
const MAX_ENDED_CHECKS = 2000;

interface Session {
  user: string;
  cookie: string;
}

export async function runSoakClients(job: SoakJob): Promise<SoakResult> {
  const errors: SoakError[] = [];
  const alive: Session[] = [];
  const ended: Session[] = [];
  let steps = 0;
  let loops = 0;

  async function step(name: SoakError["step"], path: string, init: RequestInit, expected: number): Promise<Response | null> {
    steps++;
    try {
      const response = await fetch(`${job.url}${path}`, { redirect: "manual", ...init });
      await response.arrayBuffer();
      if (response.status === expected) return response;
      errors.push({ step: name, outcome: response.status, at: Date.now() });
    } catch {
      errors.push({ step: name, outcome: "network", at: Date.now() });
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
    return null;
  }

  async function client(index: number): Promise<void> {
    const user = `soak-${index}`;
    while (Date.now() < job.endsAt) {
      const login = await step("login", `/login?user=${user}`, {}, 200);
      const setCookie = login?.headers.getSetCookie().find((line) => line.startsWith(`${job.cookieName}=`));
      if (setCookie === undefined) continue;
      const session = { user, cookie: setCookie.split(";")[0]! };
      const headers = { cookie: session.cookie };

      for (let i = 0; i < job.requestsPerLoop && Date.now() < job.endsAt; i++) {
        await step("request", "/api/item", { headers }, 200);
      }
      if (Date.now() < job.endsAt) await step("list", "/_session/sessions", { headers }, 200);

      let loggedOut = false;
      while (!loggedOut && Date.now() < job.endsAt) {
        loggedOut = (await step("logout", "/_session/logout", { method: "POST", headers: { ...headers, origin: job.url } }, 204)) !== null;
      }
      (loggedOut ? ended : alive).push(session);
      loops++;
    }
  }

  await Promise.all(Array.from({ length: job.clients }, (_, index) => client(index)));

  const endedSample = sampleEvenly(ended, MAX_ENDED_CHECKS);
  return {
    steps,
    loops,
    errors,
    aliveChecked: alive.length,
    aliveFailed: await failedChecks(job.url, alive, true),
    endedChecked: endedSample.length,
    endedFailed: await failedChecks(job.url, endedSample, false),
  };
}

/** Returns a description of each session whose GET /whoami does not match `shouldBeAlive`. */
async function failedChecks(url: string, sessions: Session[], shouldBeAlive: boolean): Promise<string[]> {
  const failures: string[] = [];
  for (const session of sessions) {
    const response = await fetch(`${url}/whoami`, { headers: { cookie: session.cookie } });
    const body = (await response.json().catch(() => ({}))) as { user?: string | null };
    const expected = shouldBeAlive ? session.user : null;
    if (response.status !== 200 || body.user !== expected) {
      failures.push(`${session.user}: status ${response.status}, user ${JSON.stringify(body.user)}, expected ${JSON.stringify(expected)}`);
    }
  }
  return failures;
}

function sampleEvenly<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  const step = items.length / max;
  return Array.from({ length: max }, (_, index) => items[Math.floor(index * step)]!);
}
