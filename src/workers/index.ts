export { clusterRoleFor, parseWorkerCount } from './cluster-role-for.js';
