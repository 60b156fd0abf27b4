export { handleCrud } from './handle-crud.js';
export { seedCollection, seedCollectionOnce } from './seed-collection.js';
