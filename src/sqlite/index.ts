export { openSqliteFile } from './open-sqlite-file.js';
