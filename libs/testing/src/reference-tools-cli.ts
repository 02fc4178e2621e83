/** `npm run reference-tools`: fetch the reference binaries into the cache and print their paths. */
import { ensureReferenceTools } from './reference-tools.js';

const tools = await ensureReferenceTools();
process.stdout.write(`kubectl ${tools.kubectl}\nhelm ${tools.helm}\n`);
