import { ConsumerStage } from '../consumers/consumer-stage';
import { isUsableBy, UsabilityFacts } from './usability';

const OWNER = 7;
const OTHER = 8;
const base: UsabilityFacts = { stage: ConsumerStage.Approved, ownerOnly: false, ownerId: OWNER, deleted: false, configured: false };

describe('isUsableBy (reference 7.4)', () => {
  it.each<[string, Partial<UsabilityFacts>, number | null, boolean]>([
    ['approved, anyone', {}, OTHER, true],
    ['approved, the owner', {}, OWNER, true],
    ['approved, no user (app-only)', {}, null, true],
    ['approved owner-only, the owner', { ownerOnly: true }, OWNER, true],
    ['approved owner-only, someone else', { ownerOnly: true }, OTHER, false],
    ['approved owner-only, no user', { ownerOnly: true }, null, false],
    ['proposed, the owner (testing a pending app)', { stage: ConsumerStage.Proposed }, OWNER, true],
    ['proposed, someone else', { stage: ConsumerStage.Proposed }, OTHER, false],
    ['proposed, no user', { stage: ConsumerStage.Proposed }, null, false],
    ['rejected, the owner', { stage: ConsumerStage.Rejected }, OWNER, false],
    ['expired, the owner', { stage: ConsumerStage.Expired }, OWNER, false],
    ['disabled, the owner', { stage: ConsumerStage.Disabled }, OWNER, false],
    ['disabled, someone else', { stage: ConsumerStage.Disabled }, OTHER, false],
    ['configuration-based placeholder without its entry', { stage: ConsumerStage.ConfigurationBased }, OTHER, false],
    ['configuration-based with its entry', { stage: ConsumerStage.ConfigurationBased, configured: true }, OTHER, true],
    ['suppressed though approved', { deleted: true }, OWNER, false],
  ])('%s → %p', (_name, facts, userId, expected) => {
    expect(isUsableBy({ ...base, ...facts }, userId)).toBe(expected);
  });
});
