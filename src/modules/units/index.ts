/** What other modules may use of the units module. */
export { findUnit, type UnitRow } from './unitRepository.js';
export { presentUnit } from './routes.js';
export { unitById, allUnitsById, forgetUnitDirectory } from './unitDirectory.js';
