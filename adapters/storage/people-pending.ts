// BASE-BRANCH PLACEHOLDER (issue 13): replaced by the real SQLite/PostgreSQL people tables before anything lands on main.
import type { PeopleStore } from '../../src/index.js';

const pending = (): never => {
  throw new Error('people storage is not implemented yet');
};
export const PENDING_PEOPLE_STORE: PeopleStore = new Proxy({} as PeopleStore, { get: () => pending });
