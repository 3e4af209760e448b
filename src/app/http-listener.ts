import { ExpressAdapter } from '@nestjs/platform-express';
import * as http from 'node:http';
import { DomainError } from '../core/errors/domain-error';

/**
 * `serve` binds its port before anything else starts (database, migrations, queue, scheduler):
 * a port that is taken is then one line and exit 1, with nothing to release and no worker
 * left running. Until the application is ready the port answers 503 with Retry-After.
 */
export function bindPort(port: number): Promise<http.Server> {
  const server = http.createServer();
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE')
        reject(DomainError.unavailable('http.port_in_use', `port ${port} is already in use: set PORT`));
      else if (error.code === 'EACCES')
        reject(
          DomainError.unavailable('http.port_denied', `port ${port} cannot be used (permission denied): set PORT`),
        );
      else reject(error);
    });
    server.listen(port, () => resolve(server));
  });
}

/** An Express adapter on a server that is already listening; requests reach the application once `open()` is called. */
export class BoundExpressAdapter extends ExpressAdapter {
  private ready = false;

  constructor(private readonly server: http.Server) {
    super();
  }

  override initHttpServer(): void {
    const application = this.getInstance<http.RequestListener>();
    this.server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
      if (this.ready) {
        application(request, response);
        return;
      }
      response.writeHead(503, {
        'Content-Type': 'application/json; charset=utf-8',
        'Retry-After': '5',
        'Cache-Control': 'no-store',
      });
      response.end(
        JSON.stringify({ error: { code: 'http.starting', message: 'relance is starting: retry in a few seconds' } }),
      );
    });
    this.setHttpServer(this.server);
  }

  open(): void {
    this.ready = true;
  }
}

/** Closes a bound server that never got an application (start-up failed after the bind). */
export function releasePort(server: http.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
