export { openCluster } from './open-cluster.js';
export type { Cluster } from './open-cluster.js';
export { startConfigSync } from './config-sync.js';
export type { ConfigSync } from './config-sync.js';
export { startInstanceRegistry } from './instance-registry.js';
export { startClusterViews } from './start-cluster-views.js';
export type { ClusterViews } from './start-cluster-views.js';
