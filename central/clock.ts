/** Source of the current time; a parameter so tests control it. */
export type Clock = () => Date;

/** The wall clock. */
export const systemClock: Clock = () => new Date();
