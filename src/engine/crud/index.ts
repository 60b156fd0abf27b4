export { handleCrud } from './handle-crud.js';
export { seedCollection, seedCollectionOnce } from './seed-collection.js';
export { recordItemWrites } from './record-item-writes.js';
