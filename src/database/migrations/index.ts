import { Foundation1763750000000 } from './1763750000000-foundation';

/** Every migration, in order. Add new ones here (explicit list: works in the build and under Jest). */
export const MIGRATIONS = [Foundation1763750000000];
