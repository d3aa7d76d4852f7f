import { describe, expect, it } from "vitest";

import { readBearerToken } from "../../../demo-origin/bearer-token.ts";

describe("readBearerToken", () => {
  it("reads the token after Bearer", () => {
    expect(readBearerToken("Bearer abc.def-_.ghi")).toEqual({ status: "present", token: "abc.def-_.ghi" });
    expect(readBearerToken("BEARER abc")).toEqual({ status: "present", token: "abc" });
    expect(readBearerToken("Bearer   abc  ")).toEqual({ status: "present", token: "abc" });
  });

  it("other schemes count as absent", () => {
    expect(readBearerToken(undefined)).toEqual({ status: "absent" });
    expect(readBearerToken("")).toEqual({ status: "absent" });
    expect(readBearerToken("Basic YWxpY2U6eA==")).toEqual({ status: "absent" });
    expect(readBearerToken("Bearerabc")).toEqual({ status: "absent" });
  });

  it("bad token syntax is malformed", () => {
    expect(readBearerToken("Bearer")).toEqual({ status: "malformed" });
    expect(readBearerToken("Bearer ")).toEqual({ status: "malformed" });
    expect(readBearerToken("Bearer a b")).toEqual({ status: "malformed" });
    expect(readBearerToken("Bearer a=b")).toEqual({ status: "malformed" });
  });
});
