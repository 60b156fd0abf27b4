export { runProxyBench } from './run-proxy-bench.js';
