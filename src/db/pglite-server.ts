// The PostgreSQL wire protocol over one PGlite, for several clients at once. PGlite is a single
// backend: it keeps one client's unfinished extended-protocol exchange (Parse, Bind, Execute ...
// up to Sync) and one transaction. So a client's messages are run as a unit up to the message that
// ends an exchange (Sync, a simple Query), and while a transaction (or an unfinished exchange) is
// open only the client that opened it is served; the others wait their turn.
import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

interface Client {
  id: number;
  socket: Socket;
  buffer: Buffer;
  started: boolean;
  /** Complete messages not yet handed to the database, up to the end of an exchange. */
  pending: Buffer[];
}

interface Unit {
  client: Client;
  messages: Buffer[];
  /** The exchange is complete at its end (Sync or Query): another client may follow. */
  complete: boolean;
}

export interface WireServer {
  host: string;
  port: number;
  /** Clients connected now. */
  connections: () => number;
  close: () => Promise<void>;
}

export async function serveWire(db: PGlite, options: { host?: string; port?: number } = {}): Promise<WireServer> {
  const host = options.host ?? '127.0.0.1';
  const clients = new Set<Client>();
  const queue: Unit[] = [];
  /** The client whose transaction or exchange is open: only its units run until it is done. */
  let holder: Client | null = null;
  let running = false;
  let nextId = 1;

  const write = (client: Client, data: Uint8Array) => {
    if (data.length && !client.socket.destroyed) client.socket.write(data);
  };

  const run = async () => {
    if (running) return;
    running = true;
    try {
      while (queue.length) {
        const i = holder ? queue.findIndex((u) => u.client === holder) : 0;
        if (i < 0) break;
        const [unit] = queue.splice(i, 1);
        const { client } = unit!;
        try {
          await db.runExclusive(async () => {
            for (const message of unit!.messages) {
              await db.execProtocolRawStream(new Uint8Array(message), { onRawData: (data) => write(client, data) });
            }
          });
        } catch {
          // The backend refused the bytes themselves (not an SQL error, which is a reply): drop the client.
          client.socket.destroy();
        }
        holder = !client.socket.destroyed && (!unit!.complete || db.isInTransaction()) ? client : null;
      }
    } finally {
      running = false;
    }
  };

  /** A client went away: its queued work goes, and a transaction it left open is rolled back. */
  const forget = async (client: Client) => {
    if (!clients.delete(client)) return;
    for (let i = queue.length - 1; i >= 0; i--) if (queue[i]!.client === client) queue.splice(i, 1);
    if (holder === client) {
      await db.runExclusive(async () => {
        if (db.isInTransaction()) await db.exec('ROLLBACK');
      });
      holder = null;
    }
    void run();
  };

  const receive = (client: Client, data: Buffer) => {
    client.buffer = client.buffer.length ? Buffer.concat([client.buffer, data]) : data;
    for (;;) {
      const b = client.buffer;
      if (!client.started) {
        if (b.length < 8) return;
        const length = b.readInt32BE(0);
        const code = b.readInt32BE(4);
        if (b.length < length) return;
        client.buffer = b.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          client.socket.write('N');
          continue;
        }
        if (code === CANCEL_REQUEST) {
          // No backend process to signal: a cancel is dropped, as the protocol allows.
          client.socket.end();
          return;
        }
        if (code !== PROTOCOL_3) {
          client.socket.destroy();
          return;
        }
        client.started = true;
        queue.push({ client, messages: [Buffer.from(b.subarray(0, length))], complete: true });
        continue;
      }
      if (b.length < 5) return;
      const length = 1 + b.readInt32BE(1);
      if (b.length < length) return;
      const message = Buffer.from(b.subarray(0, length));
      client.buffer = b.subarray(length);
      const type = String.fromCharCode(message[0]!);
      if (type === 'X') {
        client.socket.end();
        return;
      }
      client.pending.push(message);
      // Sync and Query end an exchange; Flush asks for the replies so far (the exchange stays open).
      if (type === 'S' || type === 'Q' || type === 'H') {
        queue.push({ client, messages: client.pending, complete: type !== 'H' });
        client.pending = [];
      }
    }
  };

  const server: Server = createServer((socket) => {
    const client: Client = { id: nextId++, socket, buffer: Buffer.alloc(0), started: false, pending: [] };
    clients.add(client);
    socket.setNoDelay(true);
    socket.on('data', (data) => {
      receive(client, data);
      void run();
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => void forget(client));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => ok());
  });
  const { port } = server.address() as { port: number };
  return {
    host,
    port,
    connections: () => clients.size,
    close: async () => {
      for (const c of clients) c.socket.destroy();
      await new Promise<void>((ok) => server.close(() => ok()));
      while (running) await new Promise((r) => setTimeout(r, 10));
    },
  };
}
