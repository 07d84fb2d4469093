/** The HTTP API's bounds, shared by the handler (http-api.ts) and its description (openapi.ts). */
export const API_MAX_LIMIT = 50;
export const API_DEFAULT_LIMIT = 10;
export const MAX_URL_LENGTH = 4096;
export const MAX_OFFSET = 10_000;
