// The bench process's handle on the load process (bench/load-client.ts).

import { fork } from "node:child_process";
import path from "node:path";
import type { FromLoadProcess, Job, LoadJob, LoadResult, LoginJob, LoginResult, SoakJob, SoakResult, ToLoadProcess } from "./load-protocol.ts";
import { stopChild } from "../scripts/stop-child.ts";

export interface LoadProcess {
  /** Runs a load job. `beforeMeasure` runs between the warm-up and the measured run. */
  load(job: LoadJob, beforeMeasure?: () => Promise<void>): Promise<LoadResult>;
  logIn(job: LoginJob): Promise<LoginResult>;
  soak(job: SoakJob): Promise<SoakResult>;
  stop(): Promise<void>;
}

export function startLoadProcess(): LoadProcess {
  const child = fork(path.join(import.meta.dirname, "load-client.ts"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  let nextId = 1;
  const pending = new Map<number, { onReady: () => void; resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  child.on("message", (message: FromLoadProcess) => {
    const entry = pending.get(message.id);
    if (entry === undefined) return;
    if ("ready" in message) {
      entry.onReady();
    } else if ("result" in message) {
      pending.delete(message.id);
      entry.resolve(message.result);
    } else {
      pending.delete(message.id);
      entry.reject(new Error(`load process: ${message.error}`));
    }
  });
  child.on("exit", (code) => {
    for (const entry of pending.values()) entry.reject(new Error(`load process exited with code ${code}`));
    pending.clear();
  });

  function run(job: Job, beforeMeasure: () => Promise<void>): Promise<unknown> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const onReady = () => {
        beforeMeasure().then(
          () => post({ id, go: true }),
          (error: unknown) => reject(error as Error),
        );
      };
      pending.set(id, { onReady, resolve, reject });
      post({ id, job });
    });
  }

  function post(message: ToLoadProcess): void {
    child.send(message);
  }

  return {
    load: (job, beforeMeasure = async () => {}) => run(job, beforeMeasure) as Promise<LoadResult>,
    logIn: (job) => run(job, async () => {}) as Promise<LoginResult>,
    soak: (job) => run(job, async () => {}) as Promise<SoakResult>,
    stop: () => stopChild(child, (running) => running.send({ shutdown: true } satisfies ToLoadProcess)),
  };
}

