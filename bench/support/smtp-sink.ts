import type * as net from 'node:net';
import { RelayServer } from './relay-server';

/**
 * A small, fast SMTP sink for tests and benchmarks, on loopback only. It speaks enough ESMTP
 * for nodemailer (EHLO, AUTH PLAIN/LOGIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT, PIPELINING),
 * records what it accepts, and injects faults on demand: 4xx/5xx replies, disconnections in
 * the middle of DATA, authentication failures, a greeting refused or never sent, idle sessions
 * closed, the relay going down and coming back.
 */
export interface ReceivedMessage {
  messageId: string | undefined;
  from: string;
  to: string[];
  size: number;
  raw?: Buffer;
}

export type Reply = { code: number; text: string };

export interface SinkFaults {
  /** Reply to RCPT TO (default 250). `attempt` counts this recipient's RCPTs, from 1. */
  rcpt?: (recipient: string, attempt: number) => Reply | undefined;
  /** After the data: accept (undefined), reply with an error, or drop the connection mid-DATA. */
  data?: (recipients: string[], attempt: number) => Reply | 'disconnect' | undefined;
  /** Required credentials; anything else gets 535. */
  auth?: { user: string; pass: string };
  /** Instead of the 220 greeting: a refusal (421, 554), or `silent` (the connection is accepted, nothing is ever said). `sessions`: open sessions, this one included. */
  greeting?: (sessions: number) => Reply | 'silent' | undefined;
}

export class SmtpSink extends RelayServer {
  readonly received: ReceivedMessage[] = [];
  /** Messages accepted, including those past `keep`. */
  accepted = 0;
  private readonly rcptAttempts = new Map<string, number>();
  private readonly dataAttempts = new Map<string, number>();

  /**
   * `keep`: how many accepted messages to remember in `received` (all by default). A benchmark
   * keeps a few: remembering 200,000 of them would make the sink, which shares the machine with
   * what is measured, spend its time collecting garbage.
   */
  constructor(
    private readonly options: {
      faults?: SinkFaults;
      keepRaw?: boolean;
      keep?: number;
      onMessage?: (message: ReceivedMessage) => void;
      /** Answer each message this much later (a slower relay: a campaign that lasts long enough to act during it). */
      replyDelayMs?: number;
    } = {},
  ) {
    super();
  }

  get url(): string {
    const auth = this.options.faults?.auth;
    return `smtp://${auth ? `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.pass)}@` : ''}127.0.0.1:${this.port}`;
  }

  protected session(socket: net.Socket): void {
    socket.on('close', () => this.sessions.delete(socket));
    socket.on('error', () => undefined);
    socket.setNoDelay(true);
    const faults = this.options.faults ?? {};
    let authenticated = !faults.auth;
    let authStep: 'none' | 'login-user' | 'login-pass' = 'none';
    let loginUser = '';
    let from = '';
    let to: string[] = [];
    let inData = false;
    let ending = false;
    let dropping: { reply?: string } | undefined;
    this.sessions.set(socket, {
      idle: () => !inData && !from,
      endAfterTransaction: () => {
        ending = true;
        if (!inData && !from) socket.end();
      },
      dropOnNextCommand: (reply) => (dropping = { reply }),
    });
    // The message being received: its size, its first bytes (headers), all of it only with keepRaw.
    let received = 0;
    let head: Buffer[] = [];
    let headBytes = 0;
    let body: Buffer[] = [];
    // The last bytes of DATA seen: the terminator may straddle two chunks.
    let tail: Buffer = Buffer.alloc(0);
    let pending: Buffer = Buffer.alloc(0);
    const HEAD_BYTES = 16384;
    const write = (line: string) => socket.writable && socket.write(line + '\r\n');
    const checkAuth = (user: string, pass: string) => {
      authenticated = user === faults.auth?.user && pass === faults.auth?.pass;
      write(authenticated ? '235 2.7.0 Authentication successful' : '535 5.7.8 Authentication credentials invalid');
    };
    const greeting = faults.greeting?.(this.sessions.size);
    if (greeting === 'silent') return;
    if (greeting) {
      write(`${greeting.code} ${greeting.text}`);
      return void socket.end();
    }
    write('220 relance-sink ESMTP');

    /** Takes in a piece of the message's data (never the terminator). */
    const take = (piece: Buffer): void => {
      if (!piece.length) return;
      received += piece.length;
      if (headBytes < HEAD_BYTES) {
        head.push(piece);
        headBytes += piece.length;
      }
      if (this.options.keepRaw) body.push(piece);
    };

    const endOfData = (): void => {
      const size = received;
      // Pieces are cut at the size: the last ones may hold the start of a terminator split across chunks.
      const start = Buffer.concat(head).subarray(0, Math.min(size, HEAD_BYTES)).toString('latin1');
      const data = this.options.keepRaw ? Buffer.concat(body).subarray(0, size) : undefined;
      received = 0;
      head = [];
      headBytes = 0;
      body = [];
      tail = Buffer.alloc(0);
      inData = false;
      let verdict: ReturnType<NonNullable<SinkFaults['data']>>;
      if (faults.data) {
        const key = to.join(',');
        const attempt = (this.dataAttempts.get(key) ?? 0) + 1;
        this.dataAttempts.set(key, attempt);
        verdict = faults.data(to, attempt);
      }
      if (verdict === 'disconnect') {
        socket.destroy();
        return;
      }
      if (verdict) {
        write(`${verdict.code} ${verdict.text}`);
      } else {
        const messageId = /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(start)?.[1];
        const message: ReceivedMessage = { messageId, from, to, size, raw: data };
        this.accepted++;
        if (this.received.length < (this.options.keep ?? Infinity)) this.received.push(message);
        this.options.onMessage?.(message);
        const reply = `250 2.0.0 Ok: queued as ${this.accepted}`;
        const answer = () => {
          write(reply);
          if (ending) socket.end();
        };
        if (this.options.replyDelayMs) setTimeout(answer, this.options.replyDelayMs);
        else answer();
      }
      from = '';
      to = [];
      if (ending && verdict) socket.end();
    };

    /**
     * DATA bytes: looks for CRLF.CRLF without copying the chunk (only the few bytes around a
     * chunk boundary are joined). Returns what follows the terminator, or undefined when the
     * whole chunk was data.
     */
    const data = (chunk: Buffer): Buffer | undefined => {
      const TERMINATOR = '\r\n.\r\n';
      if (tail.length) {
        // A terminator that starts in the previous chunk's last bytes.
        const joined = Buffer.concat([tail, chunk.subarray(0, 4)]);
        const at = joined.indexOf(TERMINATOR);
        if (at !== -1) {
          // The CRLF before the dot belongs to the message; drop the tail bytes after it.
          // Bytes of this chunk that belong to the data; negative when the data already took the
          // start of the terminator (it is then cut off at the end).
          const kept = at + 2 - tail.length;
          if (kept < 0) received += kept;
          else take(chunk.subarray(0, kept));
          const rest = chunk.subarray(at + 5 - tail.length);
          endOfData();
          return rest;
        }
      }
      const at = chunk.indexOf(TERMINATOR);
      if (at !== -1) {
        take(chunk.subarray(0, at + 2));
        const rest = chunk.subarray(at + 5);
        endOfData();
        return rest;
      }
      take(chunk);
      tail = chunk.length >= 4 ? chunk.subarray(chunk.length - 4) : Buffer.concat([tail, chunk]).subarray(-4);
      return undefined;
    };

    const command = (line: string): void => {
      if (authStep === 'login-user') {
        loginUser = Buffer.from(line, 'base64').toString();
        authStep = 'login-pass';
        return void write('334 UGFzc3dvcmQ6');
      }
      if (authStep === 'login-pass') {
        authStep = 'none';
        return checkAuth(loginUser, Buffer.from(line, 'base64').toString());
      }
      const verb = line.slice(0, 4).toUpperCase();
      switch (verb) {
        case 'EHLO':
          return void write(
            `250-relance-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-SIZE 52428800${faults.auth ? '\r\n250-AUTH PLAIN LOGIN' : ''}\r\n250 OK`,
          );
        case 'HELO':
          return void write('250 relance-sink');
        case 'AUTH': {
          const [, mechanism, initial] = line.split(' ');
          if (mechanism?.toUpperCase() === 'PLAIN') {
            const [, user, pass] = Buffer.from(initial ?? '', 'base64')
              .toString()
              .split('\0');
            return checkAuth(user ?? '', pass ?? '');
          }
          authStep = 'login-user';
          return void write('334 VXNlcm5hbWU6');
        }
        case 'MAIL':
          if (!authenticated) return void write('530 5.7.0 Authentication required');
          from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          to = [];
          return void write('250 2.1.0 Ok');
        case 'RCPT': {
          const recipient = (/<([^>]*)>/.exec(line)?.[1] ?? '').toLowerCase();
          let reply: Reply | undefined;
          if (faults.rcpt) {
            const attempt = (this.rcptAttempts.get(recipient) ?? 0) + 1;
            this.rcptAttempts.set(recipient, attempt);
            reply = faults.rcpt(recipient, attempt);
          }
          if (reply && reply.code !== 250) return void write(`${reply.code} ${reply.text}`);
          to.push(recipient);
          return void write('250 2.1.5 Ok');
        }
        case 'DATA':
          if (!to.length) return void write('554 5.5.1 No valid recipients');
          inData = true;
          return void write('354 End data with <CR><LF>.<CR><LF>');
        case 'RSET':
          from = '';
          to = [];
          return void write('250 2.0.0 Ok');
        case 'NOOP':
          return void write('250 2.0.0 Ok');
        case 'QUIT':
          write('221 2.0.0 Bye');
          return void socket.end();
        default:
          return void write('502 5.5.2 Command not recognized');
      }
    };

    const onData = (chunk: Buffer): void => {
      let input: Buffer | undefined = chunk;
      while (input?.length) {
        if (inData) {
          input = data(input);
          continue;
        }
        pending = pending.length ? Buffer.concat([pending, input]) : input;
        input = undefined;
        while (pending.length && !inData) {
          const newline = pending.indexOf('\r\n');
          if (newline === -1) return;
          const line = pending.subarray(0, newline).toString('utf8');
          pending = pending.subarray(newline + 2);
          command(line);
        }
        if (inData) {
          // PIPELINING: what followed the DATA command is the message itself.
          input = pending;
          pending = Buffer.alloc(0);
        }
      }
    };

    socket.on('data', (chunk: Buffer) => {
      if (dropping) return void (dropping.reply ? socket.end(dropping.reply) : socket.destroy());
      // Replies to pipelined commands leave together, as a relay sends them (RFC 2920).
      socket.cork();
      try {
        onData(chunk);
      } finally {
        socket.uncork();
      }
    });
  }
}
