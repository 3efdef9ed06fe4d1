// What only the local stack's console has, loaded by app.js in local mode only: the "signed in as" picker and
// its identity headers, the start screen (choose or make a firm), the outbox. scripts/console-deploy publishes
// none of local/.
export { LocalIdentity, renderPicker } from './identity.js';
export { startScreen } from './start.js';
export { outboxScreen } from './outbox.js';
