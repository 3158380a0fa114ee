/** HTML form values: a checkbox is present when ticked; a multi-select or repeated name may be an array. */
export function checked(value: unknown): boolean {
  return value === 'on' || value === 'true' || value === '1' || (Array.isArray(value) && value.length > 0);
}

export function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' && value !== '' ? [value] : [];
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A textarea of one entry per line (IP ranges); empty means "not given". */
export function lines(value: unknown): string[] | undefined {
  const all = (text(value) ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return all.length > 0 ? all : undefined;
}
