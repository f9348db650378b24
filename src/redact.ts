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

/**
 * Text with its secrets masked: Slack tokens, bearer credentials, private keys in PEM, the
 * password of a connection URL and the signature of a signed URL. Every log line passes here
 * (src/log.ts); what it keeps is still valid JSON, since no pattern crosses a quote.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g, '[private key]')
    .replace(/\bxox[abposre]-[A-Za-z0-9-]+/g, 'xox*-***')
    .replace(/\bxapp-[A-Za-z0-9-]+/g, 'xapp-***')
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 ***')
    .replace(/(\/\/[^/\s:@"]+):[^@\s/"]+@/g, '$1:***@')
    .replace(
      /([?&](?:X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|X-Goog-Signature|Signature|sig|signature|token|access_token|key|secret)=)[^&\s"#]+/gi,
      '$1***',
    );
}
