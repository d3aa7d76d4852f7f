// CPU time of a process from /proc (Linux only): user plus system time, in
// milliseconds. The bench reads it for each workerd process around a measured
// run, so the worker's own processing per request is known without queueing.

import { readdir, readFile } from "node:fs/promises";

// USER_HZ is 100 on every Linux architecture the bench runs on (x86-64, arm64).
const CLOCK_TICKS_PER_SECOND = 100;

/** Returns the process's user + system CPU time in milliseconds, or null when /proc has no such process. */
export async function readCpuMilliseconds(pid: number): Promise<number | null> {
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const userTicks = Number(fields[11]);
  const systemTicks = Number(fields[12]);
  return ((userTicks + systemTicks) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** Returns the PIDs of this process's direct children. */
export async function listChildPids(): Promise<number[]> {
  const pids: number[] = [];
  for (const task of await readdir("/proc/self/task")) {
    const text = await readFile(`/proc/self/task/${task}/children`, "utf8").catch(() => "");
    for (const pid of text.split(" ")) if (pid.trim() !== "") pids.push(Number(pid));
  }
  return pids;
}

/** Returns the PID of the first direct child whose command name is `name`, or null. */
export async function findChildPid(name: string): Promise<number | null> {
  for (const pid of await listChildPids()) {
    const comm = await readFile(`/proc/${pid}/comm`, "utf8").catch(() => "");
    if (comm.trim() === name) return pid;
  }
  return null;
}
