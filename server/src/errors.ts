/**
 * The API's error catalogue (as fastify's lib/errors.js): every error the server answers with has a stable code,
 * a status and a message. One `setErrorHandler` renders them as `{ error: { code, message, details } }`.
 */

/** One problem of a 422 answer: where it is and what is wrong. */
export interface ProblemDetail {
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
  code?: string;
}

/** An error the API answers with; `code` is stable, `message` is for people. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(
    status: number,
    code: string,
    message: string,
    details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** The catalogue: one factory per code. server/API.md documents each code; a test keeps the two in sync. */
export const Errors = {
  badRequest: (message: string, details?: unknown) => new ApiError(400, 'bad_request', message, details),
  pathOutsideRoot: (path: string) =>
    new ApiError(400, 'path_outside_root', `path "${path}" is outside the manifests folder`, { path }),
  unauthorized: () =>
    new ApiError(401, 'unauthorized', 'a valid token is required (Authorization: Bearer <token>)'),
  forbiddenOrigin: (origin: string) =>
    new ApiError(403, 'forbidden_origin', `cross-origin request from "${origin}" refused`, { origin }),
  forbiddenHost: (host: string) =>
    new ApiError(
      403,
      'forbidden_host',
      `host "${host}" refused: without a token the server answers loopback names only`,
      {
        host,
      },
    ),
  notFound: (what: string) => new ApiError(404, 'not_found', `${what} not found`),
  noBackup: (file: string) => new ApiError(404, 'no_backup', `no backup of "${file}" to restore`, { file }),
  conflict: (resourceVersion: string | null, yaml: string | null) =>
    new ApiError(409, 'conflict', 'the resource changed since it was read (stale resourceVersion)', {
      resourceVersion,
      yaml,
    }),
  alreadyExists: (key: string, file: string) =>
    new ApiError(409, 'already_exists', `${key} already exists in ${file}`, { key, file }),
  tooLarge: (limit: number) =>
    new ApiError(413, 'too_large', `request body exceeds ${limit} bytes`, { limit }),
  unsupportedMediaType: (type: string) =>
    new ApiError(
      415,
      'unsupported_media_type',
      `content type "${type}" not accepted: send application/json`,
      {
        contentType: type,
      },
    ),
  secretDataHidden: (file: string) =>
    new ApiError(
      422,
      'invalid',
      'a Secret must be written with its data: the API never shows it, so it cannot be kept',
      [
        {
          file,
          line: 1,
          column: 1,
          path: 'data',
          message: 'include data or stringData to replace this Secret',
        },
      ],
    ),
  invalid: (message: string, details: ProblemDetail[]) => new ApiError(422, 'invalid', message, details),
  writeFailed: (file: string, cause: unknown) =>
    new ApiError(
      500,
      'write_failed',
      `could not write ${file}: ${cause instanceof Error ? cause.message : String(cause)}; the file is unchanged`,
      { file },
      { cause },
    ),
  proxyUnavailable: (message: string) => new ApiError(502, 'proxy_unavailable', message),
  internal: (message: string, cause?: unknown) =>
    new ApiError(500, 'internal', message, undefined, { cause }),
} as const;

export type ErrorCode = ReturnType<(typeof Errors)[keyof typeof Errors]>['code'];
