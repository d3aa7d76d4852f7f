// Human-readable labels for the device list: which language to use, what the
// device and its location are called, and how long ago it was active. All
// wording that depends on the language comes from Intl (CLDR data in the
// runtime), so the project keeps no translation tables.
import type { SessionSummary } from "../session/summary.ts";

/** Locale used when the request names none that the runtime supports. */
export const DEFAULT_LOCALE = "en";

/**
 * Longest Accept-Language value read, in characters. Browsers send well under
 * 200; the cap bounds the work a crafted header can cause.
 */
export const MAX_ACCEPT_LANGUAGE_LENGTH = 1024;

/** Most language ranges read from one Accept-Language header. */
export const MAX_LANGUAGE_RANGES = 16;

// RFC 9110, section 12.5.4 (with RFC 4647): a language range is "*" or a tag
// of alphanumeric subtags, 1 to 8 characters each. The q value is a number
// from 0 to 1 with at most three decimals.
const LANGUAGE_RANGE_PATTERN = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/;
const QUALITY_PATTERN = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

interface LanguageRange {
  tag: string;
  quality: number;
}

/**
 * Picks the locale for a response from an Accept-Language header: the
 * preferred tag (highest q, then header order) that Intl supports, reduced to
 * language, script and region (Unicode extensions such as `-u-nu-arab` are
 * dropped). Returns DEFAULT_LOCALE for a missing or unusable header.
 */
export function negotiateLocale(acceptLanguage: string | null): string {
  if (!acceptLanguage) return DEFAULT_LOCALE;

  for (const range of parseAcceptLanguage(acceptLanguage)) {
    const locale = findSupportedLocale(range.tag);
    if (locale !== null) return locale;
  }
  return DEFAULT_LOCALE;
}

function parseAcceptLanguage(header: string): LanguageRange[] {
  let entries = header.slice(0, MAX_ACCEPT_LANGUAGE_LENGTH).split(",");
  // A cut header may end inside a range, which could then read as a different tag.
  if (header.length > MAX_ACCEPT_LANGUAGE_LENGTH) entries = entries.slice(0, -1);

  const ranges: LanguageRange[] = [];
  for (const entry of entries.slice(0, MAX_LANGUAGE_RANGES)) {
    const range = parseLanguageRange(entry);
    if (range !== null && range.quality > 0) ranges.push(range);
  }

  // Array.prototype.sort is stable, so equal q values keep header order.
  return ranges.sort((a, b) => b.quality - a.quality);
}

function parseLanguageRange(entry: string): LanguageRange | null {
  const [tag = "", ...parameters] = entry.split(";").map((part) => part.trim());
  if (!LANGUAGE_RANGE_PATTERN.test(tag)) return null;

  let quality = 1;
  for (const parameter of parameters) {
    const match = /^q\s*=\s*(.*)$/i.exec(parameter);
    if (match === null) continue;
    if (!QUALITY_PATTERN.test(match[1] ?? "")) return null;
    quality = Number(match[1]);
  }
  return { tag, quality };
}

function findSupportedLocale(tag: string): string | null {
  try {
    const [supported] = Intl.DateTimeFormat.supportedLocalesOf([tag]);
    return supported === undefined ? null : new Intl.Locale(supported).baseName;
  } catch {
    // RangeError: the range matches the pattern but is no valid BCP 47 tag ("i-default").
    return null;
  }
}

/**
 * Names a device, for example "Chrome 131 on macOS", "Unknown browser on
 * Android", "Chrome 131", "Bot" or "Unknown device".
 *
 * NOTE: `locale` is not used yet. The label's words are English, like the
 * rest of the device page, because the project keeps no translations.
 */
export function formatDeviceLabel(device: SessionSummary["device"], _locale: string): string {
  const browser = device.browser?.trim() || null;
  const os = device.os?.trim() || null;

  if (device.type === "bot") return browser === null ? "Bot" : `${browser} (bot)`;

  if (browser === null) return os === null ? "Unknown device" : `Unknown browser on ${os}`;

  const version = device.browserVersion?.trim();
  const named = version ? `${browser} ${version}` : browser;
  return os === null ? named : `${named} on ${os}`;
}

/**
 * Names a location as "City, Country", with the country name in `locale`
 * ("San Francisco, United States"; "San Francisco, Vereinigte Staaten" in
 * German). The city is shown exactly as given. Without a city the region
 * replaces it, and "Unknown location" is returned when nothing is known.
 */
export function formatLocationLabel(location: SessionSummary["location"], locale: string): string {
  const place = location.city?.trim() || location.region?.trim() || null;
  const country = formatCountryName(location.country, locale);

  if (place === null) return country ?? "Unknown location";
  // A city-state gets its name once, not "Singapore, Singapore".
  if (country === null || country === place) return place;
  return `${place}, ${country}`;
}

function formatCountryName(code: string | null, locale: string): string | null {
  if (code === null || !/^[A-Z]{2}$/.test(code)) return null;

  try {
    return new Intl.DisplayNames([locale, DEFAULT_LOCALE], { type: "region", fallback: "code" }).of(code) ?? code;
  } catch {
    // RangeError from a locale that is no valid tag.
    return code;
  }
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;
// Calendar-free averages: the label only needs the right order of magnitude.
const MONTH_MS = 30 * DAY_MS;
const YEAR_MS = 365 * DAY_MS;

// Largest unit first. A unit is used once the distance reaches one of it.
const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", YEAR_MS],
  ["month", MONTH_MS],
  ["week", WEEK_MS],
  ["day", DAY_MS],
  ["hour", HOUR_MS],
  ["minute", MINUTE_MS],
];

/**
 * Describes `then` relative to `now` (both milliseconds since the epoch) in
 * the largest whole unit, rounded toward zero: "2 hours ago", "yesterday",
 * "in 3 minutes". Distances under a minute, either way, read as "now".
 * Throws a RangeError when either time is not a finite number.
 */
export function formatRelativeTime(then: number, now: number, locale: string): string {
  if (!Number.isFinite(then) || !Number.isFinite(now)) {
    throw new RangeError(`invalid time: expected finite milliseconds since the epoch, got ${then} and ${now}`);
  }

  const format = createRelativeTimeFormat(locale);
  const distance = then - now;
  for (const [unit, unitMs] of UNITS) {
    const count = Math.trunc(distance / unitMs);
    if (count !== 0) return format.format(count, unit);
  }
  return format.format(0, "second");
}

function createRelativeTimeFormat(locale: string): Intl.RelativeTimeFormat {
  try {
    // "auto" gives "now" for 0 seconds and "yesterday" for -1 day.
    return new Intl.RelativeTimeFormat([locale, DEFAULT_LOCALE], { numeric: "auto" });
  } catch {
    return new Intl.RelativeTimeFormat(DEFAULT_LOCALE, { numeric: "auto" });
  }
}
