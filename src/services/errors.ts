// What a service says when the thing asked for is not there. Entry points turn it into a usage
// error (the command line's exit 2) or a message that says where to look.
export type Missing = 'contract' | 'customer' | 'abolition' | 'cancellation' | 'application' | 'staff';

export class NotFound extends Error {
  constructor(
    readonly what: Missing,
    readonly id: string,
  ) {
    super(`no ${what} "${id}"`);
  }
}
