// GET, PUT and DELETE on /_faults/<label>: reads, sets and clears the fault of
// one label. The caller has already checked the method and the Bearer token.

import type { IncomingMessage, ServerResponse } from "node:http";
import { InvalidFaultError, parseFaultConfig } from "./fault-config.ts";
import type { FaultRegistry } from "./fault-injection.ts";
import { BodyTooLargeError, readBody, sendJson } from "./http-io.ts";
import { encodeErrorItem } from "./reply-json.ts";

/** Maximum size of a fault body, in bytes. A fault has only a few short fields. */
const MAX_FAULT_BODY_BYTES = 4096;

export async function handleFaultRequest(faults: FaultRegistry, label: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (label === "") {
    // Untagged requests are shared by every client, so they cannot be faulted.
    sendJson(response, 400, encodeErrorItem("missing label: use /_faults/<label>, which applies to requests under /tag/<label>"));
    return;
  }
  switch (request.method) {
    case "GET":
      sendJson(response, 200, JSON.stringify({ fault: faults.get(label) ?? null }));
      return;
    case "DELETE":
      faults.clear(label);
      response.writeHead(204).end();
      return;
    case "PUT":
      await putFault(faults, label, request, response);
      return;
  }
}

async function putFault(faults: FaultRegistry, label: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    const config = parseFaultConfig(await readBody(request, MAX_FAULT_BODY_BYTES));
    faults.set(label, config);
    sendJson(response, 200, JSON.stringify({ fault: config }));
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      sendJson(response, 413, encodeErrorItem(error.message), true);
      return;
    }
    if (error instanceof InvalidFaultError) {
      sendJson(response, 400, encodeErrorItem(error.message));
      return;
    }
    throw error;
  }
}
