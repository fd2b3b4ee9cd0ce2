#!/usr/bin/env node
// Writes public/functions/functions.json (served at /addin/functions/functions.json, named in the manifest's
// CustomFunctions extension point) from the JSDoc of src/functions/functions.ts with Microsoft's
// custom-functions-metadata, the same generator the Office tooling uses.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCustomFunctionsMetadata } from 'custom-functions-metadata';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SOURCE = path.join(root, 'src', 'functions', 'functions.ts');
export const OUTPUT = path.join(root, 'public', 'functions', 'functions.json');

export async function functionsMetadata() {
  const result = await generateCustomFunctionsMetadata(SOURCE, false);
  if (result.errors.length) throw new Error(`custom-functions-metadata: ${result.errors.join('; ')}`);
  return result.metadataJson;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
  fs.writeFileSync(OUTPUT, `${await functionsMetadata()}\n`);
  console.log(`addin-excel/public/functions/functions.json from ${path.relative(root, SOURCE)}`);
}
