/** A refused admin or CLI command: an HTTP status, a message and the input field at fault. */
export class CommandError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}
