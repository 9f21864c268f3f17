/** A rejected input value: the message names the input, the value and what is allowed. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    value: string,
    allowed: string,
  ) {
    super(`Invalid input '${input}': ${JSON.stringify(value)}. ${allowed}`);
    this.name = 'InputError';
  }
}
