// A connection URL as messages show it: without its password.
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

/**
 * An error as a log line shows it. A failed query shows only PostgreSQL's code: its statement, its
 * parameters and PostgreSQL's own message (which may quote a value) carry what people typed.
 */
export function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  if (e.message.startsWith('Failed query:') || 'query' in e || 'parameters' in e) {
    const cause = (e as { cause?: { code?: unknown } }).cause;
    const code = (e as { code?: unknown }).code ?? cause?.code;
    return `a database query failed${typeof code === 'string' ? ` (SQLSTATE ${code})` : ''}`;
  }
  return e.message;
}
