import net, { type AddressInfo } from 'node:net';

/** A port on 127.0.0.1 nobody listens on right now (for a server a test starts, or one it expects closed). */
export async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
