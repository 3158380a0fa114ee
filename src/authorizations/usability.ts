import { ConsumerStage } from '../consumers/consumer-stage';

export interface UsabilityFacts {
  stage: ConsumerStage;
  ownerOnly: boolean;
  ownerId: number;
  deleted: boolean;
  /** A stage-5 row whose entry is present in STATIC_CONSUMERS_FILE: it behaves as approved. */
  configured: boolean;
}

/**
 * Reference 7.4 `Consumer::isUsableBy`: usable if approved and not owner-only; otherwise usable
 * by its owner while proposed or approved (owners test their own pending apps; owner-only apps
 * serve only their owner); otherwise not usable. A null user is never the owner. A suppressed
 * consumer is usable by nobody (reference 5.8: authorization fails with E006).
 */
export function isUsableBy(consumer: UsabilityFacts, userId: number | null): boolean {
  if (consumer.deleted) return false;
  const stage = consumer.stage === ConsumerStage.ConfigurationBased && consumer.configured ? ConsumerStage.Approved : consumer.stage;
  if (stage === ConsumerStage.Approved && !consumer.ownerOnly) return true;
  const isOwner = userId !== null && userId === consumer.ownerId;
  return isOwner && (stage === ConsumerStage.Proposed || stage === ConsumerStage.Approved);
}
