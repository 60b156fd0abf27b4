export { openCluster } from './open-cluster.js';
export type { Cluster } from './open-cluster.js';
