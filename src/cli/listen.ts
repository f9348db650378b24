// Listening on the port of `certdesk serve` and `certdesk worker`.
import type { Server } from 'node:http';
import { bilingual } from '../i18n/text.js';
import { Failure } from './errors.js';

/** Listens on `port`, or says plainly that something else does. */
export async function listenOn(server: Server, port: number, host?: string): Promise<void> {
  await new Promise<void>((ok, fail) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.removeListener('listening', onListening);
      if (e.code === 'EADDRINUSE')
        fail(
          new Failure(
            bilingual(
              `ポート ${port} は他のプログラムが使用中です。そのプログラムを止めるか、PORT に別の番号を設定してください`,
              `port ${port} is in use by another program: stop it, or set PORT to another port`,
            ),
          ),
        );
      else if (e.code === 'EACCES')
        fail(
          new Failure(
            bilingual(
              `ポート ${port} で待ち受ける権限がありません。1024 以上の番号を PORT に設定してください`,
              `no permission to listen on port ${port}: set PORT to 1024 or above`,
            ),
          ),
        );
      else fail(e);
    };
    const onListening = () => {
      server.removeListener('error', onError);
      ok();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
