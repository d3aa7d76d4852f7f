// A test origin on 127.0.0.1 that reports what it received and, on request,
// responds with the session-control header. Worker tests drive it by path:
//
//   /login?user=U[&org=O][&with-cookie=1]
//                          sends Session-Control {"action":"login",...} (and a cookie of its own)
//   /logout                sends Session-Control {"action":"logout"}
//   /control?value=V       sends Session-Control V exactly (for invalid values)
//   /set-cookies           sends two Set-Cookie lines of its own
//   /leak                  sends back Authorization and Session_Control headers
//   /slow?ms=N             waits N milliseconds (at most 5000) before responding
//   POST /webhooks         records the body (a new-device report)
//   GET /webhooks          returns the recorded bodies as a JSON array
//   anything else          echoes the request as JSON
//
// Every response body is JSON: { method, path, headers, body }.

import { createHash } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { listenOnLoopback, type LoopbackServer } from "./loopback-server.ts";
import type { EchoedRequest } from "./provided-context.ts";

export interface EchoOrigin {
  url: string;
  close(): Promise<void>;
}


export async function startEchoOrigin(): Promise<EchoOrigin> {
  // Large enough for the 80 KB User-Agent tests; Node defaults to 16 KB.
  const server = http.createServer({ maxHeaderSize: 128 * 1024 }, (request, response) => {
    readBody(request)
      .then(async (body) => {
        const delay = slowDelayMs(request.url);
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
        respond(request, response, body);
      })
      .catch(() => {
        response.statusCode = 500;
        response.end();
      });
  });
  // Upgraded sockets leave the HTTP server's connection tracking, so
  // closeAllConnections() misses them; they are destroyed here instead, or
  // close() would wait for them forever.
  const upgraded = new Set<Duplex>();
  server.on("upgrade", (request: IncomingMessage, socket: Duplex) => {
    upgraded.add(socket);
    socket.once("close", () => upgraded.delete(socket));
    acceptEchoWebSocket(request, socket);
  });
  const loopback = await listenOnLoopback(server);
  return {
    ...loopback,
    close: async () => {
      for (const socket of upgraded) socket.destroy();
      await loopback.close();
    },
  };
}

/**
 * Accepts a WebSocket upgrade and sends one text frame naming whether the
 * upgrade request carried an access token, then closes. Enough to prove that
 * the worker passes upgrades through.
 */
function acceptEchoWebSocket(request: IncomingMessage, socket: Duplex): void {
  const key = request.headers["sec-websocket-key"];
  if (typeof key !== "string") {
    socket.destroy();
    return;
  }
  const accept = createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  const text = Buffer.from(request.headers.authorization ? "authenticated" : "anonymous");
  // A single unmasked text frame (FIN + opcode 1), then a close frame.
  socket.write(Buffer.concat([Buffer.from([0x81, text.length]), text, Buffer.from([0x88, 0x00])]));
  socket.end(() => socket.destroy());
}

const webhookBodies: string[] = [];

function respond(request: IncomingMessage, response: ServerResponse, body: string): void {
  const url = new URL(request.url ?? "/", "http://origin.test");
  if (url.pathname === "/webhooks") {
    if (request.method === "POST") webhookBodies.push(body);
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify(webhookBodies));
    return;
  }
  const echoed: EchoedRequest = {
    method: request.method ?? "",
    path: request.url ?? "",
    headers: request.headers as Record<string, string | string[]>,
    body,
  };
  response.setHeader("content-type", "application/json");

  if (url.pathname === "/login") {
    const org = url.searchParams.get("org");
    const control: Record<string, string> = { action: "login", user: url.searchParams.get("user") ?? "" };
    if (org !== null) control.org = org;
    response.setHeader("session-control", JSON.stringify(control));
    if (url.searchParams.has("with-cookie")) response.setHeader("set-cookie", "theme=dark; Path=/");
  } else if (url.pathname === "/logout") {
    response.setHeader("session-control", JSON.stringify({ action: "logout" }));
  } else if (url.pathname === "/control") {
    response.setHeader("session-control", url.searchParams.get("value") ?? "");
  } else if (url.pathname === "/set-cookies") {
    response.setHeader("set-cookie", ["theme=dark; Path=/", "lang=en; Path=/"]);
  } else if (url.pathname === "/leak") {
    response.setHeader("authorization", String(request.headers.authorization ?? "none"));
    response.setHeader("session_control", JSON.stringify({ action: "logout" }));
  }
  response.end(JSON.stringify(echoed));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function slowDelayMs(path: string | undefined): number {
  const url = new URL(path ?? "/", "http://origin.test");
  if (url.pathname !== "/slow") return 0;
  return Math.min(5000, Math.max(0, Number(url.searchParams.get("ms")) || 0));
}
