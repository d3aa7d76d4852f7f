// A small pool of Redis connections, each lent to one HTTP request at a time.
// Exclusive leases keep a pipeline's commands contiguous and keep a MULTI
// transaction on a connection that no other request writes to meanwhile.

import { RedisConnection, RedisConnectionError, type RedisTarget } from "./redis-connection.ts";

export const DEFAULT_MAX_CONNECTIONS = 8;

type Waiter = { resolve: (connection: RedisConnection) => void; reject: (error: Error) => void };

export class ConnectionPool {
  #target: RedisTarget;
  #maxConnections: number;
  #idle: RedisConnection[] = [];
  /** Connections lent out, idle, or being opened; never above maxConnections. */
  #count = 0;
  #waiters: Waiter[] = [];
  #closed = false;

  constructor(target: RedisTarget, maxConnections = DEFAULT_MAX_CONNECTIONS) {
    this.#target = target;
    this.#maxConnections = maxConnections;
  }

  /**
   * Lends a connection to fn and takes it back afterwards. A connection that
   * closed while lent (for example because Redis restarted) is dropped, and
   * the next lease opens a new one.
   */
  async use<T>(fn: (connection: RedisConnection) => Promise<T>): Promise<T> {
    const connection = await this.#acquire();
    try {
      return await fn(connection);
    } finally {
      this.#release(connection);
    }
  }

  close(): void {
    this.#closed = true;
    for (const connection of this.#idle) {
      connection.close();
    }
    this.#idle = [];
    for (const waiter of this.#waiters.splice(0)) {
      waiter.reject(new RedisConnectionError("the server is shutting down"));
    }
  }

  async #acquire(): Promise<RedisConnection> {
    if (this.#closed) {
      throw new RedisConnectionError("the server is shutting down");
    }
    this.#dropClosedIdle();
    const idle = this.#idle.pop();
    if (idle !== undefined) {
      return idle;
    }
    if (this.#count < this.#maxConnections) {
      return this.#openConnection();
    }
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  async #openConnection(): Promise<RedisConnection> {
    this.#count++;
    try {
      return await RedisConnection.open(this.#target);
    } catch (error) {
      this.#count--;
      throw error;
    }
  }

  #release(connection: RedisConnection): void {
    if (this.#closed) {
      connection.close();
      this.#count--;
      return;
    }
    if (!connection.isOpen) {
      this.#count--;
      this.#wakeWaiterWithNewConnection();
      return;
    }
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) {
      waiter.resolve(connection);
    } else {
      this.#idle.push(connection);
    }
  }

  #wakeWaiterWithNewConnection(): void {
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) {
      this.#openConnection().then(waiter.resolve, waiter.reject);
    }
  }

  #dropClosedIdle(): void {
    const open = this.#idle.filter((connection) => connection.isOpen);
    this.#count -= this.#idle.length - open.length;
    this.#idle = open;
  }
}
