export { registerGuards } from './register-guards.js';
export type { GuardOptions } from './register-guards.js';
export { createAllowedHosts } from './allowed-hosts.js';
export type { AllowedHosts } from './allowed-hosts.js';
