import { describe, expect, it } from "vitest";
import { TestWorker, withSession } from "./support.ts";

async function firstMessage(response: Response): Promise<string> {
  const socket = response.webSocket;
  if (!socket) throw new Error(`no WebSocket in the response (status ${response.status})`);
  const message = new Promise<string>((resolve) => {
    socket.addEventListener("message", (event) => resolve(String(event.data)));
  });
  socket.accept();
  return message;
}

describe("WebSocket upgrades", () => {
  it("pass through with the session's token", async () => {
    const worker = new TestWorker();
    const sessionId = await worker.login("user_websocket");
    const response = await worker.fetch("/socket", { headers: withSession(sessionId, { upgrade: "websocket" }) });
    expect(response.status).toBe(101);
    expect(await firstMessage(response)).toBe("authenticated");
  });

  it("pass through anonymously without a session", async () => {
    const worker = new TestWorker();
    const response = await worker.fetch("/socket", { headers: { upgrade: "websocket" } });
    expect(await firstMessage(response)).toBe("anonymous");
  });
});
