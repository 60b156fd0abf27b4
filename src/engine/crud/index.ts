export { handleCrud } from './handle-crud.js';
export { seedCollection } from './seed-collection.js';
