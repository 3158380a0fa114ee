/** The numeric stages are MediaWiki's, kept for compatibility (docs/mediawiki-compatibility.md#stages). */
export enum ConsumerStage {
  Proposed = 0,
  Approved = 1,
  Rejected = 2,
  Expired = 3,
  Disabled = 4,
  ConfigurationBased = 5,
}

export const STAGE_NAMES: Record<ConsumerStage, string> = {
  [ConsumerStage.Proposed]: 'proposed',
  [ConsumerStage.Approved]: 'approved',
  [ConsumerStage.Rejected]: 'rejected',
  [ConsumerStage.Expired]: 'expired',
  [ConsumerStage.Disabled]: 'disabled',
  [ConsumerStage.ConfigurationBased]: 'configuration-based',
};

/** What a consumer list may be filtered by: a stage's name, or every stage. */
export const LIST_STAGES: readonly string[] = [...Object.values(STAGE_NAMES), 'any'];

/** No prototype: a name from a query string (`valueOf`, `constructor`) finds nothing here. */
export const STAGE_BY_NAME: Readonly<Record<string, ConsumerStage>> = Object.freeze(
  Object.assign(
    Object.create(null) as Record<string, ConsumerStage>,
    Object.fromEntries(Object.entries(STAGE_NAMES).map(([stage, name]) => [name, Number(stage) as ConsumerStage])),
  ),
);
