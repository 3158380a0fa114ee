/**
 * One validation finding about a consumer field. `key` is MediaWiki's message key
 * (e.g. `mwoauth-error-callback-url-must-be-https`), kept so MediaWiki users recognise it;
 * `message` is the English sentence shown to people.
 */
export interface FieldProblem {
  field: string;
  key: string;
  message: string;
}

/** Errors refuse the proposal; warnings refuse it too unless the caller sets `ignoreWarnings`. */
export interface ValidationOutcome {
  errors: FieldProblem[];
  warnings: FieldProblem[];
}
