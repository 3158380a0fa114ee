import { Initial1763884800000 } from './1763884800000-initial';

/** Every migration, in order. Add new ones at the end. */
export const MIGRATIONS = [Initial1763884800000];
