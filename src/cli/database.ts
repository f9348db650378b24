// What the command line says when the database cannot be used.
import { redact } from '../redact.js';
import { SAY } from '../i18n/cli.js';
import { Failure } from './errors.js';

export function databaseFailure(e: unknown, url: string): Failure {
  const code = (e as { code?: string }).code;
  const where = redact(url);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'CONNECT_TIMEOUT')
    return new Failure(SAY.cannotReachDatabase(where, code));
  if (code === '3D000') return new Failure(SAY.databaseMissing(where));
  return new Failure(SAY.cannotMigrate(where, (e as Error).message));
}
