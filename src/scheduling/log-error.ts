import { DeliveryError } from './delivery-error.js';

/**
 * An error as the scheduler logs it: type, message, stack, and for a DeliveryError whether
 * it is permanent and the platform's Retry-After. Deliberately not the error object itself:
 * SDK errors carry their request (Discord's `requestBody` holds the message being posted,
 * some clients keep headers with the token) as enumerable properties that a logger would
 * print in full.
 */
export function errorForLog(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error) };
  const fields: Record<string, unknown> = { type: error.name, message: error.message, stack: error.stack };
  if (error instanceof DeliveryError) {
    fields['permanent'] = error.permanent;
    if (error.retryAfterMs !== undefined) fields['retryAfterMs'] = error.retryAfterMs;
  }
  return fields;
}
