// Errors in the Public API's envelope: `{"errors": [{type, message, field?, data?}]}`.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly field?: string,
    readonly data?: unknown,
  ) {
    super(message);
  }

  static validation(message: string, field?: string): ApiError {
    return new ApiError(422, 'ValidationFailure', message, field);
  }

  static notFound(message = 'Resource not found'): ApiError {
    return new ApiError(404, 'NotFound', message);
  }

  body(): { errors: Array<Record<string, unknown>> } {
    const error: Record<string, unknown> = { type: this.type, message: this.message };
    if (this.field !== undefined) error.field = this.field;
    if (this.data !== undefined) error.data = this.data;
    return { errors: [error] };
  }
}
