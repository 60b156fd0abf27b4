export { registerGuards } from './register-guards.js';
export { createAllowedHosts } from './allowed-hosts.js';
