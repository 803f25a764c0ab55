/**
 * The few express 5 names the Agents SDK peer uses: express ships no types, and the repository
 * adds no @types package for one bench server (the SDK's express host depends on express itself).
 */
declare module 'express' {
  import type { IncomingMessage, Server, ServerResponse } from 'node:http';

  type Handler = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;
  interface Express {
    use(handler: Handler): Express;
    post(path: string, ...handlers: ((req: never, res: never) => unknown)[]): Express;
    listen(port: number, host: string, ready: () => void): Server;
  }
  interface ExpressFactory {
    (): Express;
    json(): Handler;
  }
  const express: ExpressFactory;
  export default express;
}
