// The clock of a long-running command: the system clock, or one that starts at CERTDESK_NOW and
// runs from there (tests and training), so scheduled work sees time pass as usual.
export function clockFrom(start: Date, fixed: boolean): () => Date {
  if (!fixed) return () => new Date();
  const offset = start.getTime() - Date.now();
  return () => new Date(Date.now() + offset);
}
