/** What went wrong with a cache read or write, for a problem message: the cause, else the message. */
export const errorDetail = (error: { readonly _tag: string }): string =>
  "cause" in error ? String(error.cause) : "message" in error ? String(error.message) : error._tag
