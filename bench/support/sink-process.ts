import { fork, type ChildProcess } from 'node:child_process';
import { SmtpSink } from './smtp-sink';

/**
 * The SMTP sink in a process of its own. A relay is another machine in production: in the
 * bench it must neither share a thread with what it measures (the raw baseline's client would
 * compete with it for one event loop, relance's worker would not) nor hide its CPU use.
 * Started by `SinkProcess.start()`; the child runs `main()` below.
 */
type Request = { type: 'stats'; sample: number };
type Reply = { type: 'ready'; port: number } | { type: 'stats'; accepted: number; sizes: number[] };

export class SinkProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(): Promise<SinkProcess> {
    const child = fork(__filename, ['--sink-child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const port = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the SMTP sink process exited (${code}) before it was ready`)));
      child.once('message', (message: Reply) => message.type === 'ready' && resolve(message.port));
    });
    child.removeAllListeners('exit');
    return new SinkProcess(child, port);
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Messages accepted so far, and the sizes of the first `sample` ones. */
  stats(sample = 100): Promise<{ accepted: number; sizes: number[] }> {
    return new Promise((resolve) => {
      this.child.once('message', (message: Reply) => message.type === 'stats' && resolve(message));
      this.child.send({ type: 'stats', sample } satisfies Request);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await new Promise((resolve) => {
      this.child.once('exit', resolve);
      this.child.kill('SIGTERM');
    });
  }
}

async function main(): Promise<void> {
  const sink = new SmtpSink({ keepRaw: false, keep: 100 });
  const port = await sink.start();
  process.on('message', (request: Request) => {
    if (request.type === 'stats') {
      process.send!({
        type: 'stats',
        accepted: sink.accepted,
        sizes: sink.received.slice(0, request.sample).map((m) => m.size),
      } satisfies Reply);
    }
  });
  process.on('SIGTERM', () => void sink.stop().then(() => process.exit(0)));
  process.on('disconnect', () => void sink.stop().then(() => process.exit(0)));
  process.send!({ type: 'ready', port } satisfies Reply);
}

if (process.argv.includes('--sink-child')) void main();
