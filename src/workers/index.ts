export { clusterRoleFor, parseWorkerCount } from './cluster-role-for.js';
export type { ClusterRole } from './cluster-role.js';
