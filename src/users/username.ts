/**
 * Usernames follow MediaWiki's spirit: up to 85 characters, no characters that break titles,
 * links or the `user@domain` form, no leading/trailing or repeated spaces.
 */
export const USERNAME_PATTERN = /^(?! )(?!.* $)(?!.*  )[^@:/#<>[\]|{}\u0000-\u001f\u007f]{1,85}$/u;

/** The uniqueness key: NFKC-normalized and lower-cased, so "Alice" and "alice" are one account. */
export function usernameKey(username: string): string {
  return username.normalize('NFKC').toLowerCase();
}
