import type { Server } from 'node:http';

/** A port the user asked for is taken, or cannot be bound: said in a sentence, with the fix. */
export class PortInUseError extends Error {
  constructor(
    readonly service: string,
    readonly port: number,
    /** What to do about it; whoever chose the port can say more (`npm start` names its variable). */
    remedy = 'Stop what uses it, or choose another port (see README, "Ports").',
  ) {
    super(`${service} cannot listen on port ${port}: it is already in use. ${remedy}`);
    this.name = 'PortInUseError';
  }
}

export function listen(server: Server, port: number, host: string, service: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(error.code === 'EADDRINUSE' || error.code === 'EACCES' ? new PortInUseError(service, port) : error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Stops accepting, drops idle keep-alive connections, and resolves once the server is closed. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
