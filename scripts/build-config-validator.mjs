// Part of `npm run build`, after tsc: writes the config schema's validator as code (Ajv standalone)
// to dist/config/config-validator.cjs, so a start loads it instead of compiling the schema
// (src/config/config-validator-source.ts says why, validate-schema.ts how it is picked up).
import { readFileSync, writeFileSync } from 'node:fs';
import { CONFIG_VALIDATOR_FILE, configValidatorSource } from '../dist/config/config-validator-source.js';

const schemaText = readFileSync(new URL('../schema/mimicus.schema.json', import.meta.url), 'utf8');
writeFileSync(new URL(`../dist/config/${CONFIG_VALIDATOR_FILE}`, import.meta.url), configValidatorSource(schemaText));
