// The ground-truth ESL captures in tests/fixtures/esl (SOURCES.md there says
// where each came from), read at test time.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../fixtures/esl/', import.meta.url));
if (!existsSync(dir)) throw new Error(`ESL fixtures not found at ${dir}`);

export const fixtureNames = (): string[] => readdirSync(dir).filter((f) => f !== 'SOURCES.md').sort();

export const fixture = (name: string): string => readFileSync(dir + name, 'utf8');
