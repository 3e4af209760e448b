import * as net from 'node:net';

/** A session as the relay's controls see it: `idle` between transactions. */
export interface RelaySession {
  idle(): boolean;
  /** Ends the session once its current transaction has been answered (at once when idle). */
  endAfterTransaction(): void;
  /** Closes the connection when the client next writes, after `reply` or without a word: a close that crosses its command. */
  dropOnNextCommand(reply?: string): void;
}

/**
 * A relay's listening side on loopback, with the controls fault tests need: it closes idle
 * sessions as relays do after a quiet spell, goes down (connections refused, each session ended
 * once its message is answered) and comes back on the same port. The protocol is the subclass's.
 */
export abstract class RelayServer {
  port = 0;
  protected readonly sessions = new Map<net.Socket, RelaySession>();
  private server?: net.Server;

  protected abstract session(socket: net.Socket): void;

  async start(port = 0): Promise<number> {
    this.server = net.createServer((socket) => this.session(socket));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this.port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sessions.keys()) socket.destroy();
    await this.stopListening();
  }

  /**
   * Idle sessions closed by the relay, as after its idle timeout: now, with a 421; or so that the
   * close crosses the client's next command (answered by that 421, or by nothing at all).
   */
  closeIdleSessions(mode: 'now' | 'on-next-command' | 'silently-on-next-command' = 'now'): void {
    const reply = '421 4.4.2 idle timeout, closing connection\r\n';
    for (const [socket, session] of this.sessions) {
      if (!session.idle()) continue;
      if (mode === 'now') socket.end(reply);
      else session.dropOnNextCommand(mode === 'on-next-command' ? reply : undefined);
    }
  }

  async goDown(): Promise<void> {
    for (const session of this.sessions.values()) session.endAfterTransaction();
    await this.stopListening();
  }

  async comeUp(): Promise<void> {
    if (!this.server?.listening) await this.start(this.port);
  }

  private stopListening(): Promise<void> {
    return new Promise<void>((resolve) => (this.server?.listening ? this.server.close(() => resolve()) : resolve()));
  }
}
