import { OAuth1ProtocolError } from './errors';

/** For specs: runs `fn` and returns the OAuth1ProtocolError it throws (anything else fails). */
export function thrown(fn: () => unknown): OAuth1ProtocolError {
  try {
    fn();
  } catch (error) {
    if (error instanceof OAuth1ProtocolError) return error;
    throw error;
  }
  throw new Error('expected an OAuth1ProtocolError');
}
