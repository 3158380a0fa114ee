import type Handlebars from 'handlebars';
import type { HelperOptions } from 'handlebars';

/**
 * Each form's fields: the catalog key of the field's label, so that a problem is shown with the
 * words the person sees on the page (not `passwordConfirm`). The field's element id is its name;
 * a field missing here (a hidden one, such as `revision`) is shown without a label or a link.
 */
export const FORM_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  register: {
    username: 'register-username',
    email: 'register-email',
    password: 'register-password',
    passwordConfirm: 'register-password-confirm',
  },
  propose: {
    name: 'propose-name',
    version: 'propose-version',
    description: 'propose-description',
    ownerOnly: 'cp-label-owner-only',
    callbackUrl: 'propose-callback',
    callbackIsPrefix: 'cp-label-callback-prefix',
    oauth2IsConfidential: 'cp-label-confidential',
    oauth2GrantTypes: 'propose-grant-types',
    grants: 'propose-grants',
    restrictions: 'propose-restrictions',
    rsaKey: 'cp-label-rsa-key',
    agreement: 'cp-label-agreement',
  },
  update: {
    restrictions: 'update-restrictions',
    rsaKey: 'update-rsa-key',
    reason: 'update-reason',
  },
  reset: { reason: 'update-reason' },
  'forgot-password': { account: 'reset-request-account' },
  'reset-password': { password: 'reset-new-password', passwordConfirm: 'reset-new-password-confirm' },
};

export interface FieldError {
  field: string;
  message: string;
  /** What validateForm adds so that a page can say the problem in its language (problem-texts.ts). */
  rule?: string;
  params?: Record<string, string>;
}

/** How a page words one problem; by default its English message. */
export type SayProblem = (problem: FieldError) => string;
const english: SayProblem = (problem) => problem.message;

export interface SummaryEntry {
  /** `#field`, when the form has that field. */
  href?: string;
  /** The field's name when the form does not list it (a page that names no form). */
  field?: string;
  labelKey?: string;
  message: string;
}

/** `grants[2]` or `owner.name` is a problem of the form field `grants` or `owner`. */
export function formField(path: string): string {
  return /^[^.[]*/.exec(path)![0];
}

/** The problems of one field, one sentence (a field may break several rules at once). */
export function fieldMessage(errors: unknown, field: string, say: SayProblem = english): string | undefined {
  const messages = asErrors(errors)
    .filter((e) => formField(e.field) === field)
    .map(say);
  return messages.length > 0 ? [...new Set(messages)].join('; ') : undefined;
}

/** The summary at the top of a failed form: each problem with its field's label and a link to it. */
export function errorSummary(form: string, errors: unknown, say: SayProblem = english): SummaryEntry[] {
  const labels = FORM_LABELS[form] ?? {};
  return asErrors(errors).map((problem) => {
    const { field } = problem;
    const message = say(problem);
    const name = formField(field);
    const labelKey = Object.hasOwn(labels, name) ? labels[name] : undefined;
    return labelKey ? { href: `#${name}`, labelKey, message } : { field: name || undefined, message };
  });
}

function asErrors(errors: unknown): FieldError[] {
  if (!Array.isArray(errors)) return [];
  return errors
    .filter(
      (e): e is FieldError =>
        typeof e === 'object' &&
        e !== null &&
        typeof (e as FieldError).message === 'string' &&
        typeof ((e as FieldError).field ?? '') === 'string',
    )
    .map((e) => ({ ...e, field: e.field ?? '' }));
}

function rootErrors(options: HelperOptions): unknown {
  return (options.data as { root?: { errors?: unknown } } | undefined)?.root?.errors;
}

/**
 * The helpers behind views/partials/form-errors.hbs and field-error.hbs, reading the page's
 * `errors` (`[{ field, message }]`, as AppError details are):
 * `(errorSummary "form")` the summary entries; `(fieldError "name")` one field's sentence;
 * `{{fieldAria "name" "name-help"}}` the input's `aria-describedby` (its help, then its error) and
 * `aria-invalid="true"` when it has a problem (WCAG 2.2 SC 3.3.1, "Error Identification").
 * `say` words each problem in the page's language (problem-texts.ts).
 */
export function registerFormErrorHelpers(
  hbs: typeof Handlebars,
  say: (problem: FieldError, options: HelperOptions) => string = english,
): void {
  hbs.registerHelper('errorSummary', (form: unknown, options: HelperOptions) =>
    errorSummary(typeof form === 'string' ? form : '', rootErrors(options), (p) => say(p, options)),
  );
  hbs.registerHelper('fieldError', (field: unknown, options: HelperOptions) =>
    typeof field === 'string' ? fieldMessage(rootErrors(options), field, (p) => say(p, options)) : undefined,
  );
  hbs.registerHelper('fieldAria', (field: unknown, ...rest: unknown[]) => {
    const options = rest.pop() as HelperOptions;
    const help = typeof rest[0] === 'string' ? rest[0] : undefined;
    const name = typeof field === 'string' ? field : '';
    const invalid = fieldMessage(rootErrors(options), name) !== undefined;
    const ids = [help, invalid ? `${name}-error` : undefined].filter(Boolean).join(' ');
    const attributes = [
      ids ? `aria-describedby="${hbs.escapeExpression(ids)}"` : '',
      invalid ? 'aria-invalid="true"' : '',
    ];
    return new hbs.SafeString(attributes.filter(Boolean).join(' '));
  });
}
