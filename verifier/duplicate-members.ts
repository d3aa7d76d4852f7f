/**
 * Finds the first member name that occurs twice in one JSON object, at any
 * depth, or returns undefined. JSON.parse keeps the last duplicate silently,
 * and RFC 7515, section 4 lets a verifier reject such a header instead, which
 * this profile does so that two parsers never disagree on a header's meaning.
 * The text must already have passed JSON.parse.
 */
export function findDuplicateMember(json: string): string | undefined {
  // One entry per open container: the member names seen so far in an object,
  // or null for an array.
  const open: (Set<string> | null)[] = [];

  for (let index = 0; index < json.length; index++) {
    const char = json[index];
    if (char === "{") open.push(new Set());
    else if (char === "[") open.push(null);
    else if (char === "}" || char === "]") open.pop();
    else if (char === '"') {
      const end = endOfString(json, index);
      const names = open.at(-1);
      if (names && isMemberName(json, end)) {
        // Decode escapes, so "alg" and "\u0061lg" count as the same name.
        const name = JSON.parse(json.slice(index, end + 1)) as string;
        if (names.has(name)) return name;
        names.add(name);
      }
      index = end;
    }
  }
  return undefined;
}

// Returns the index of the quote that closes the string opening at `start`.
function endOfString(json: string, start: number): number {
  let index = start + 1;
  while (json[index] !== '"') {
    index += json[index] === "\\" ? 2 : 1;
  }
  return index;
}

// A string is a member name when the next non-whitespace character is a colon.
function isMemberName(json: string, stringEnd: number): boolean {
  let index = stringEnd + 1;
  while (json[index] === " " || json[index] === "\t" || json[index] === "\n" || json[index] === "\r") {
    index++;
  }
  return json[index] === ":";
}
