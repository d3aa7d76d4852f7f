// Tells HTML form posts from JSON API calls, which get different responses
// (a redirect or page for a browser form, JSON for a script).

export type BodyFormat = "form" | "json";

/** Returns the body format named by a Content-Type header, or undefined for any other media type. */
export function readBodyFormat(contentType: string | undefined): BodyFormat | undefined {
  const mediaType = contentType?.split(";", 1)[0]?.trim().toLowerCase();

  if (mediaType === "application/x-www-form-urlencoded") {
    return "form";
  }
  if (mediaType === "application/json") {
    return "json";
  }

  return undefined;
}
