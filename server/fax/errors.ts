// A fax request the user can fix: its message is shown as is, with a 4xx.
export class FaxInputError extends Error {
  constructor(
    readonly status: 400 | 404 | 413 | 415 | 422,
    message: string,
  ) {
    super(message);
  }
}

/** The fax store's disk is full: nothing was queued; the words are for the user, 507 for their client. */
export class FaxStoreFullError extends Error {
  readonly status = 507;
  constructor() {
    super('The fax store is full, so this fax was not queued and nothing will be sent. Try again later, and tell your administrator.');
  }
}
