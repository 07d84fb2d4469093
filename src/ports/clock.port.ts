/** The current time, injected so that tests move time by hand and never wait for it. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
