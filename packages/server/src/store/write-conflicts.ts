/**
 * Running a transaction again when it lost a race with another Scheduler process on the same
 * database. Uniqueness is the database's job (a primary key, a conditional UPDATE); the loser of
 * a race sees a duplicate key, a deadlock or a moved key, and its second attempt reads the
 * winner's committed work and decides again — typically to reuse the winner's request.
 */

/** Thrown inside a transaction whose compare-and-set found the row changed by someone else. */
export class LostRaceError extends Error {
  constructor(what: string) {
    super(`${what} was changed by another transaction meanwhile`);
  }
}

/**
 * Enough for dozens of contenders on one key: each retry sees at least one more winner's work.
 * The pause grows and is randomised so contenders do not collide again in lockstep.
 */
const MAX_ATTEMPTS = 10;
const BASE_PAUSE_MS = 3;

export async function retryLostRaces<T>(isWriteConflict: (error: unknown) => boolean, transaction: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      const lost = error instanceof LostRaceError || isWriteConflict(error);
      if (!lost || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * BASE_PAUSE_MS * attempt));
    }
  }
}
