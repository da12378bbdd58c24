// Loaded with --import in child processes the tests start: see resolve-hooks.mjs.
import { register } from 'node:module';

register('./resolve-hooks.mjs', import.meta.url);
