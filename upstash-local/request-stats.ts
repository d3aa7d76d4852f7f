// Per-tag counters: HTTP requests served and Redis commands run. Tests use
// them to count a client's store round trips through the REST server.

export type TagCounts = { requests: number; commands: number };

export class RequestStats {
  #counts = new Map<string, TagCounts>();

  countRequest(tag: string): void {
    this.#entry(tag).requests++;
  }

  countCommands(tag: string, commands: number): void {
    this.#entry(tag).commands += commands;
  }

  /** Returns a copy of the counts; a tag never seen has zero counts. */
  get(tag: string): TagCounts {
    const counts = this.#counts.get(tag);
    return counts === undefined ? { requests: 0, commands: 0 } : { ...counts };
  }

  #entry(tag: string): TagCounts {
    let counts = this.#counts.get(tag);
    if (counts === undefined) {
      counts = { requests: 0, commands: 0 };
      this.#counts.set(tag, counts);
    }
    return counts;
  }
}
