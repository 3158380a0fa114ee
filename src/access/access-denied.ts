import { Reason } from './reasons';

/**
 * A coded refusal from a domain service (docs/development.md#house-rules): the access policy's reason, or
 * `credential_invalid`. Only transports turn it into an HTTP or protocol error, each its own way.
 */
export class AccessDenied extends Error {
  constructor(
    readonly reason: Reason,
    message: string,
  ) {
    super(message);
    this.name = 'AccessDenied';
  }
}
