export { deliver } from './deliver.js';
export { corruptBody } from './corrupt-body.js';
export { withBody } from './with-body.js';
export type { Delivery } from './types.js';
