import { shanghaiDate, type IsoDate } from './calendar';

// The one helper that decides "now" and "today"; tests pass a fixed clock.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(iso: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let t = new Date(iso).getTime();
  return {
    now: () => new Date(t),
    set: (next: string) => void (t = new Date(next).getTime()),
    advance: (ms: number) => void (t += ms),
  };
}

export const nowIso = (clock: Clock): string => clock.now().toISOString();
export const today = (clock: Clock): IsoDate => shanghaiDate(clock.now());
