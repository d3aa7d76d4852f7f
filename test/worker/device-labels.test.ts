import { describe, expect, it } from "vitest";
import {
  formatDeviceLabel,
  formatLocationLabel,
  formatRelativeTime,
  MAX_ACCEPT_LANGUAGE_LENGTH,
  negotiateLocale,
} from "../../src/device/labels.ts";
import type { SessionSummary } from "../../src/session/summary.ts";

type Device = SessionSummary["device"];
type Location = SessionSummary["location"];

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function device(overrides: Partial<Device>): Device {
  return { browser: null, browserVersion: null, os: null, type: "desktop", ...overrides };
}

function location(overrides: Partial<Location>): Location {
  return { city: null, region: null, country: null, ...overrides };
}

describe("negotiateLocale", () => {
  it("falls back to en without a header", () => {
    expect(negotiateLocale(null)).toBe("en");
    expect(negotiateLocale("")).toBe("en");
  });

  it("picks the first tag at equal quality", () => {
    expect(negotiateLocale("de-CH, fr")).toBe("de-CH");
    expect(negotiateLocale("fr,de")).toBe("fr");
  });

  it("picks the highest q value", () => {
    expect(negotiateLocale("fr;q=0.5, de;q=0.9, en;q=0.1")).toBe("de");
    expect(negotiateLocale("fr;q=0.5,de")).toBe("de");
    expect(negotiateLocale("en-US;q=0.8, ja;Q=1")).toBe("ja");
  });

  it("skips tags that Intl does not support", () => {
    expect(negotiateLocale("tlh, de;q=0.2")).toBe("de");
    expect(negotiateLocale("tlh")).toBe("en");
  });

  it("skips q=0 and the wildcard", () => {
    expect(negotiateLocale("de;q=0, fr;q=0.1")).toBe("fr");
    expect(negotiateLocale("*, es;q=0.5")).toBe("es");
    expect(negotiateLocale("*")).toBe("en");
  });

  it("canonicalizes case and drops extensions", () => {
    expect(negotiateLocale("DE-de")).toBe("de-DE");
    expect(negotiateLocale("zh-hant-tw")).toBe("zh-Hant-TW");
    expect(negotiateLocale("ar-EG-u-nu-latn")).toBe("ar-EG");
  });

  it("ignores garbage", () => {
    const headers = [
      ",,,;;;, fr",
      "q=1, fr",
      "de;q=2, fr",
      "de;q=abc, fr",
      "de;q=0.1234, fr",
      "<script>, fr",
      "de_DE, fr",
      "i-default, fr",
      "x-klingon, fr",
      "verylongsubtag, fr",
      "de-\u00fc, fr",
      " \t fr \t ;  q = 0.7 ",
    ];
    for (const header of headers) {
      expect(negotiateLocale(header), header).toBe("fr");
    }
  });

  it("bounds a huge header", () => {
    const huge = `${"tlh,".repeat(100_000)}de`;
    const started = Date.now();

    expect(negotiateLocale(huge)).toBe("en");
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("drops a range cut at the length cap", () => {
    // "de-CH" cut after "de" would otherwise read as plain German.
    const header = `${" ".repeat(MAX_ACCEPT_LANGUAGE_LENGTH - 3)},de-CH`;

    expect(negotiateLocale(header)).toBe("en");
  });

  it("reads only the first ranges", () => {
    expect(negotiateLocale(`${"tlh,".repeat(20)}de`)).toBe("en");
    expect(negotiateLocale(`${"tlh,".repeat(5)}de`)).toBe("de");
  });
});

describe("formatDeviceLabel", () => {
  it("names browser, version and OS", () => {
    expect(formatDeviceLabel(device({ browser: "Chrome", browserVersion: "131", os: "macOS" }), "en")).toBe(
      "Chrome 131 on macOS",
    );
  });

  it("omits a missing version", () => {
    expect(formatDeviceLabel(device({ browser: "Safari", os: "iOS", type: "mobile" }), "en")).toBe("Safari on iOS");
  });

  it("omits a missing OS", () => {
    expect(formatDeviceLabel(device({ browser: "Firefox", browserVersion: "133" }), "en")).toBe("Firefox 133");
  });

  it("names an unknown browser", () => {
    expect(formatDeviceLabel(device({ os: "Android", type: "mobile" }), "en")).toBe("Unknown browser on Android");
  });

  it("names an unknown device", () => {
    expect(formatDeviceLabel(device({ type: "unknown" }), "en")).toBe("Unknown device");
    expect(formatDeviceLabel(device({ browser: "  ", os: "" }), "en")).toBe("Unknown device");
  });

  it("names bots", () => {
    expect(formatDeviceLabel(device({ type: "bot" }), "en")).toBe("Bot");
    expect(formatDeviceLabel(device({ browser: "Googlebot", browserVersion: "2", type: "bot" }), "en")).toBe(
      "Googlebot (bot)",
    );
  });
});

describe("formatLocationLabel", () => {
  it("names city and country", () => {
    expect(formatLocationLabel(location({ city: "San Francisco", region: "California", country: "US" }), "en")).toBe(
      "San Francisco, United States",
    );
  });

  it("names the country in the locale", () => {
    expect(formatLocationLabel(location({ city: "San Francisco", country: "US" }), "de")).toBe(
      "San Francisco, Vereinigte Staaten",
    );
    expect(formatLocationLabel(location({ country: "CH" }), "fr")).toBe("Suisse");
  });

  it("keeps the city exactly as given", () => {
    expect(formatLocationLabel(location({ city: "Münsingen", country: "CH" }), "en")).toBe("Münsingen, Switzerland");
    expect(formatLocationLabel(location({ city: "Srīperumbūdūr", country: "IN" }), "en")).toBe("Srīperumbūdūr, India");
    expect(formatLocationLabel(location({ city: "東京", country: "JP" }), "ja")).toBe("東京, 日本");
  });

  it("uses the region without a city", () => {
    expect(formatLocationLabel(location({ region: "Bavaria", country: "DE" }), "en")).toBe("Bavaria, Germany");
  });

  it("names a place without a country", () => {
    expect(formatLocationLabel(location({ city: "Paris" }), "en")).toBe("Paris");
  });

  it("says a city-state once", () => {
    expect(formatLocationLabel(location({ city: "Singapore", country: "SG" }), "en")).toBe("Singapore");
  });

  it("names an unknown location", () => {
    expect(formatLocationLabel(location({}), "en")).toBe("Unknown location");
    expect(formatLocationLabel(location({ city: " ", country: "us" }), "en")).toBe("Unknown location");
  });

  it("falls back to the code for unusable locales", () => {
    expect(formatLocationLabel(location({ country: "US" }), "not a locale")).toBe("US");
  });
});

describe("formatRelativeTime", () => {
  const cases: Array<[string, number, string]> = [
    ["now", 0, "now"],
    ["59 seconds ago", -59 * SECOND, "now"],
    ["a few seconds ahead", 30 * SECOND, "now"],
    ["1 minute ago", -MINUTE, "1 minute ago"],
    ["59 minutes ago", -59 * MINUTE - 59 * SECOND, "59 minutes ago"],
    ["2 hours ago", -2 * HOUR - 30 * MINUTE, "2 hours ago"],
    ["yesterday", -DAY - 3 * HOUR, "yesterday"],
    ["3 days ago", -3 * DAY, "3 days ago"],
    ["2 weeks ago", -15 * DAY, "2 weeks ago"],
    ["2 months ago", -61 * DAY, "2 months ago"],
    ["1 year ago", -400 * DAY, "last year"],
    ["3 years ago", -3 * 366 * DAY, "3 years ago"],
    ["the future", 5 * MINUTE, "in 5 minutes"],
  ];

  it.each(cases)("formats %s", (_name, offset, expected) => {
    expect(formatRelativeTime(NOW + offset, NOW, "en")).toBe(expected);
  });

  it("formats in the locale", () => {
    expect(formatRelativeTime(NOW - 2 * HOUR, NOW, "de")).toBe("vor 2 Stunden");
    expect(formatRelativeTime(NOW, NOW, "de")).toBe("jetzt");
    expect(formatRelativeTime(NOW - 3 * DAY, NOW, "fr")).toBe("il y a 3 jours");
  });

  it("falls back to en for unusable locales", () => {
    expect(formatRelativeTime(NOW - 2 * HOUR, NOW, "not a locale")).toBe("2 hours ago");
  });

  it("rejects non-finite times", () => {
    expect(() => formatRelativeTime(Number.NaN, NOW, "en")).toThrow(RangeError);
    expect(() => formatRelativeTime(NOW, Number.POSITIVE_INFINITY, "en")).toThrow(RangeError);
  });
});
