// A fax request the user can fix: its message is shown as is, with a 4xx.
export class FaxInputError extends Error {
  constructor(
    readonly status: 400 | 404 | 413 | 415 | 422,
    message: string,
  ) {
    super(message);
  }
}
